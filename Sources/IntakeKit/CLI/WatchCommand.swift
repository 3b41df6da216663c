/// `intake watch ROOT`: the daemon, until SIGINT or SIGTERM (exit 0).
enum WatchCommand {
    static func run(_ arguments: [String], console: Console, logger: Logger) throws -> ExitCode {
        let args = try Arguments(arguments, valued: [], flags: [])
        guard args.positionals.count == 1 else { throw CommandError(.usage, "usage: intake watch ROOT") }
        let (root, configuration) = try IntakeCommand.openRoot(args.positionals[0])
        try Daemon(root: root, configuration: configuration, drivers: .standard, logger: logger).run()
        return .ok
    }
}
