import Glibc

/// The system's realtime clock (`clock_gettime(CLOCK_REALTIME)`): what is
/// recorded, never what times a wait (``MonotonicClock`` does that).
public enum WallClock {
    /// Milliseconds since the Unix epoch.
    public static func milliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
