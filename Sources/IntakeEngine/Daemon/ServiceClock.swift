import IntakeCore
import IntakeSystem

/// The time a long-running ``Service`` keeps: monotonic seconds, and a wait
/// that ends at a deadline, when something wakes it, or (the real clock) when
/// a watched descriptor turns readable. Injected, as swift-service-lifecycle's
/// services take their clock, so that tests move time by hand instead of
/// sleeping on the wall clock.
package protocol ServiceClock: Sendable {
    /// Monotonic seconds; only differences mean anything.
    func now() -> Double

    /// Returns once ``now()`` reaches `deadline`, after ``wake()``, or (a hint a
    /// clock may ignore) when `descriptor` is readable. It may also return
    /// early: the caller looks again and waits anew.
    func wait(until deadline: Double, orReadable descriptor: Int32?)

    /// Ends the current wait, or the next one when nobody waits (a wake is never lost).
    func wake()
}

/// The clock `intake watch` runs on: ``MonotonicClock`` (which a step of the
/// wall clock does not move), a ``WakePipe`` for wakes from other threads, and
/// poll(2) on the inotify descriptor.
package final class SystemServiceClock: ServiceClock {
    private let pipe: WakePipe

    /// A clock with its own wake pipe.
    package init() throws(SystemError) {
        pipe = try WakePipe()
    }

    package func now() -> Double { MonotonicClock.seconds() }

    package func wait(until deadline: Double, orReadable descriptor: Int32?) {
        let seconds = min(max(deadline - now(), 0), 3600)
        pipe.wait(milliseconds: Int32((seconds * 1000).rounded(.up)), alsoOn: descriptor)
    }

    package func wake() { pipe.poke() }
}
