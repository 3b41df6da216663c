import Foundation
import IntakeKit

/// A ``ServiceClock`` that only a test moves. Its waits end when the test
/// advances time to their deadline or something wakes them (a job ending, the
/// shutdown trigger); inotify never does, so every drop a daemon on this clock
/// finds comes from one of its scans. A test learns that the daemon has done
/// its work and is waiting again with ``waitForNextWait(after:)``.
package final class ManualClock: ServiceClock, @unchecked Sendable {
    private let condition = NSCondition()
    private var time: Double
    private var woken = false
    /// How many waits began (a wait that ends at once counts too).
    private var waits = 0
    /// The deadline of the wait in progress, if one is.
    private var waitingUntil: Double?

    package init(at time: Double = 1000) {
        self.time = time
    }

    package func now() -> Double {
        condition.lock()
        defer { condition.unlock() }
        return time
    }

    package func wait(until deadline: Double, orReadable descriptor: Int32?) {
        condition.lock()
        defer { condition.unlock() }
        waits += 1
        waitingUntil = deadline
        condition.broadcast()
        while !woken, time < deadline { condition.wait() }
        woken = false
        waitingUntil = nil
        condition.broadcast()
    }

    package func wake() {
        condition.lock()
        woken = true
        condition.broadcast()
        condition.unlock()
    }

    /// The number of waits begun so far: pass it to ``waitForNextWait(after:)``.
    package var waitCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return waits
    }

    /// Moves time forward by `seconds`, ending the waits whose deadline it reaches.
    package func advance(by seconds: Double) {
        condition.lock()
        time += seconds
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until a wait later than the `count`th is in progress (the
    /// daemon went round its loop and sleeps again), and returns its deadline
    /// in seconds from now; nil if that did not happen within a minute (the
    /// engine is stuck: a failure, not a measurement).
    package func waitForNextWait(after count: Int) -> Double? {
        let limit = Date(timeIntervalSinceNow: 60)
        condition.lock()
        defer { condition.unlock() }
        while waits <= count || waitingUntil == nil {
            guard condition.wait(until: limit) else { return nil }
        }
        return waitingUntil.map { $0 - time }
    }

    /// Blocks until `holds` is true, looking again at every move of this
    /// clock (a wait begun or ended, a wake) and every 10 ms for what the
    /// engine's threads do between them; false if it did not hold within a
    /// minute (a failure, not a measurement).
    package func waitUntil(_ holds: () throws -> Bool) rethrows -> Bool {
        let limit = Date(timeIntervalSinceNow: 60)
        condition.lock()
        defer { condition.unlock() }
        while try !holds() {
            guard Date() < limit else { return false }
            _ = condition.wait(until: min(limit, Date(timeIntervalSinceNow: 0.01)))
        }
        return true
    }
}
