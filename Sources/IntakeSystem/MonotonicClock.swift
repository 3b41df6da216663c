import Glibc

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

    /// Sleeps the calling thread for `seconds` (at most 4000 s per call): a
    /// relative wait (`usleep(3)`), which a step of the wall clock does not move.
    public static func sleep(seconds: Double) {
        usleep(UInt32(min(max(seconds, 0), 4000) * 1_000_000))
    }
}
