import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// A SIGTERM that arrives while `intake watch` is still starting is never lost:
/// it ends the process at once or is taken once the daemon runs.
@Suite struct WatchSignalTests {
    @Test func sigtermAtAnyMomentOfStartUpStopsTheDaemon() throws {
        let root = try TemporaryRoot()
        for delay in [0, 1_000, 5_000, 20_000, 50_000, 100_000] as [UInt32] {
            let running = try IntakeBinary.start(["watch", root.path])
            usleep(delay)
            kill(running.process.processIdentifier, SIGTERM)
            let stopped = eventually(within: 20) { !running.process.isRunning }
            if !stopped { kill(running.process.processIdentifier, SIGKILL) }
            running.process.waitUntilExit()
            #expect(stopped, "SIGTERM \(delay) µs after start was lost")
        }
    }
}
