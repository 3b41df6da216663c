import IntakeCore
import IntakeEngine
import IntakeSystem

/// `intake watch ROOT`: the daemon, until SIGINT or SIGTERM (exit 0).
enum WatchCommand {
    static func run(_ arguments: [String], console: Console, logger: Logger) throws -> ExitCode {
        let args = try Arguments(arguments, valued: [], flags: [])
        guard args.positionals.count == 1 else { throw CommandError(.usage, "usage: intake watch ROOT") }
        let (root, configuration) = try IntakeCommand.openRoot(args.positionals[0])
        let shutdown = ShutdownTrigger()
        let daemon = try Daemon(root: root, configuration: configuration, drivers: .standard, logger: logger,
                                clock: SystemServiceClock(), shutdown: shutdown)
        // SIGTERM and SIGINT fire the trigger, SIGHUP asks for a reload. The
        // signals are blocked from here on (before the daemon starts a thread),
        // so none that arrives while it starts is lost.
        DaemonSignals.start { request in
            switch request {
            case .reload: daemon.requestReload()
            case .stop: shutdown.fire()
            }
            return true
        }
        try daemon.run()
        return .ok
    }
}
