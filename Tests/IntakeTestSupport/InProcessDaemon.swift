import Foundation
import IntakeKit
import Synchronization

/// `intake watch`'s daemon run in this process on a ``ManualClock``: started
/// on its own thread, stopped by firing its ``ShutdownTrigger`` (no signal).
package final class InProcessDaemon: Sendable {
    package let clock = ManualClock()
    package let shutdown = ShutdownTrigger()
    private let ended = DispatchSemaphore(value: 0)
    private let outcome = Outcome()

    /// Starts a daemon on `root` with the configuration its `intake.json` holds now.
    package init(_ root: TemporaryRoot) throws {
        let configuration = try Configuration.load(path: root.root.configuration)
        let daemon = Daemon(root: root.root, configuration: configuration, drivers: .standard, logger: .silent, clock: clock, shutdown: shutdown)
        let thread = Thread { [outcome, ended] in
            do {
                try daemon.run()
                outcome.value.withLock { $0 = "returned" }
            } catch {
                outcome.value.withLock { $0 = "threw: \(error)" }
            }
            ended.signal()
        }
        thread.name = "intake-test-daemon"
        thread.start()
    }

    deinit {
        shutdown.fire()
        _ = ended.wait(timeout: .now() + 60)
    }

    /// How `run()` ended ("returned" or "threw: …"); nil while it runs.
    package var ending: String? { outcome.value.withLock { $0 } }

    /// Waits for `run()` to end (within a minute, else a failure) and tells how it ended.
    package func waitForEnd() -> String? {
        guard ended.wait(timeout: .now() + 60) == .success else { return nil }
        ended.signal()  // for deinit
        return ending
    }
}

/// How a daemon's `run()` ended, written by its thread.
private final class Outcome: Sendable {
    package let value = Mutex<String?>(nil)
}
