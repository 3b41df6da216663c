import IntakeCore
import IntakeSystem
import Synchronization

/// A long-running part of intake (the daemon of `intake watch`): `run()`
/// works until its ``ShutdownTrigger`` fires, then winds down and returns, as
/// a swift-service-lifecycle `Service` does (synchronous here: the engine runs
/// on threads, not tasks).
package protocol Service: Sendable {
    /// Runs until shut down; returns once the work in flight is wound down.
    func run() throws
}

/// Asks a ``Service`` to shut down gracefully. The signal thread fires it on
/// SIGTERM or SIGINT (``DaemonSignals``, set up by `intake watch`); a test
/// fires it directly. Once fired it stays fired.
package final class ShutdownTrigger: Sendable {
    private struct State {
        package var fired = false
        package var handlers: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())

    /// A trigger not yet fired.
    package init() {}

    /// Whether the trigger fired.
    package var isFired: Bool { state.withLock { $0.fired } }

    /// Fires the trigger: each handler runs once, on the calling thread (later fires do nothing).
    package func fire() {
        let handlers = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.fired else { return [] }
            state.fired = true
            defer { state.handlers = [] }
            return state.handlers
        }
        for handler in handlers { handler() }
    }

    /// Runs `handler` when the trigger fires, or at once if it fired already.
    package func onFire(_ handler: @escaping @Sendable () -> Void) {
        let firedAlready = state.withLock { state -> Bool in
            if !state.fired { state.handlers.append(handler) }
            return state.fired
        }
        if firedAlready { handler() }
    }
}
