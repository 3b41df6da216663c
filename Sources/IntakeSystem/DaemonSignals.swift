import Foundation
import Glibc

/// SIGTERM, SIGINT and SIGHUP for a daemon: blocked from the call on and
/// taken by a thread waiting for them with sigwait(2), so that a signal that
/// arrives while the daemon starts stays pending instead of being lost
/// (ignoring it until a handler is registered would drop it); one that
/// arrives before the call still has its default action and ends the process.
package enum DaemonSignals {
    /// What a signal asks for.
    package enum Request: Sendable {
        /// SIGHUP: read the configuration again.
        case reload
        /// SIGTERM or SIGINT: stop.
        case stop
    }

    /// Blocks the three signals and starts the thread that hands each to
    /// `handle`; the thread ends when `handle` returns false.
    package static func start(_ handle: @escaping @Sendable (Request) -> Bool) {
        var signals = sigset_t()
        sigemptyset(&signals)
        for signalNumber in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&signals, signalNumber) }
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        let waited = signals
        let thread = Thread {
            var set = waited
            var received: Int32 = 0
            while sigwait(&set, &received) == 0 {
                guard handle(received == SIGHUP ? .reload : .stop) else { return }
            }
        }
        thread.name = "intake-signals"
        thread.start()
    }
}
