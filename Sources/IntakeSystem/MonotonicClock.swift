/// Seconds on a clock that never steps (Swift's `SuspendingClock`, CLOCK_MONOTONIC), for
/// timers: settle windows, rescans, shutdown. Wall time (``Timestamp``) is only
/// for what is recorded; an NTP step must not hold a drop back or hurry it.
public enum MonotonicClock {
    private static let origin = SuspendingClock.now

    /// Seconds since this process first asked.
    public static func seconds() -> Double {
        let elapsed = SuspendingClock.now - origin
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
