import IntakeKit

// The engine is given its drivers (`Drivers`); the tests run it with the ones
// the commands pick (`Drivers.standard`), through these shorthands.

extension JobRunner {
    package convenience init(root: Root, configuration: Configuration, workspace: String, catalogue: any JobCatalogue, logger: Logger) throws {
        try self.init(root: root, configuration: configuration, drivers: .standard, workspace: workspace, catalogue: catalogue,
                      logger: logger)
    }
}

extension Scheduler {
    package init(root: Root, configuration: Configuration, logger: Logger, sleep: @escaping @Sendable (Double) -> Void) {
        self.init(root: root, configuration: configuration, drivers: .standard, logger: logger, sleep: sleep)
    }
}

extension Daemon {
    package convenience init(root: Root, configuration: Configuration, logger: Logger) throws {
        try self.init(root: root, configuration: configuration, drivers: .standard, logger: logger)
    }
}

extension HookRunner {
    package convenience init(root: Root, logger: Logger) {
        self.init(root: root, drivers: .standard, logger: logger)
    }
}

extension InboxScanner {
    package init(root: Root, configuration: Configuration) {
        self.init(root: root, configuration: configuration, handlers: .standard)
    }
}

extension DropName {
    package static func route(_ components: [String], configuration: Configuration) -> DropRoute {
        route(components, configuration: configuration, handlers: .standard)
    }
}
