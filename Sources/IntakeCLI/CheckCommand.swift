import Foundation
import IntakeCore
import IntakeEngine
import IntakePostgres
import IntakeSystem

/// `intake check ROOT [--offline]`: reads `intake.json` as `run` and `watch`
/// would and runs nothing; says which mode and catalogue it read, and in
/// PostgreSQL mode connects and checks the role's privileges (``DatabaseCheck``)
/// unless `--offline`. Exit 0 and a summary when it can be used; 64 and every
/// mistake, one per line (key path, nearest known key, or line and column),
/// when it cannot.
enum CheckCommand {
    static func run(_ arguments: [String], console: Console) throws -> ExitCode {
        let args = try Arguments(arguments, valued: [], flags: ["offline"])
        guard args.positionals.count == 1 else { throw CommandError(.usage, "usage: intake check ROOT [--offline]") }
        let root = Root(args.positionals[0])
        guard FileSystem.exists(root.configuration) else {
            throw CommandError(.noInput, "\(root.configuration) does not exist; create the root with `intake init \(root.path) --workspace ID`")
        }
        let configuration: Configuration
        do {
            configuration = try Configuration.load(path: root.configuration)
        } catch {
            for problem in error.problems { console.error("intake check: \(root.configuration): \(problem)") }
            console.error("intake check: \(error.problems.count) mistake(s); fix the file and check again")
            return .usage
        }
        let keyProblems = Drivers.standard.reportKeyProblems(configuration: configuration, root: root)
        guard keyProblems.isEmpty else {
            for problem in keyProblems { console.error("intake check: \(root.configuration): \(problem)") }
            return .usage
        }
        let names = configuration.workspaces.keys.sorted()
        console.print("\(root.configuration): OK; workspaces: \(names.isEmpty ? "(none)" : names.joined(separator: ", "))")
        for id in names {
            guard let workspace = configuration.workspaces[id] else { continue }
            let types = ImportType.allCases.filter(workspace.allows).map(\.name)
            let hook = configuration.hook(for: id).map { " hook: " + $0.joined(separator: " ") } ?? ""
            console.print("  \(id): \(types.isEmpty ? "no types (no permission granted)" : types.joined(separator: ", "))\(hook)")
        }
        try checkStorage(root, configuration: configuration, offline: args.flag("offline"), console: console)
        if let hook = configuration.onJobEnd { console.print("on_job_end: \(hook.joined(separator: " ")) (timeout \(configuration.hookTimeoutSeconds) s)") }
        return .ok
    }

    /// Says which catalogue the configuration names, and connects to a database.
    private static func checkStorage(_ root: Root, configuration: Configuration, offline: Bool, console: Console) throws {
        guard let url = configuration.database else {
            console.print("mode: SQLite; catalogue \(root.catalogue)\(FileSystem.exists(root.catalogue) ? "" : " (not made yet)")")
            return
        }
        let source = ProcessInfo.processInfo.environment[Configuration.databaseVariable].map { $0.isEmpty ? "intake.json" : Configuration.databaseVariable } ?? "intake.json"
        let catalogue = "mode: PostgreSQL (from \(source)); catalogue intake.jobs in \(PostgresURL.redacted(url))"
        guard !offline else {
            console.print(catalogue + " (not connected: --offline)")
            return
        }
        let found = try DatabaseCheck.run(url, nothingWritten: "fix it before starting intake watch")
        console.print(catalogue + "; connected as role \(found.role) (PostgreSQL \(found.serverVersion)), privileges OK")
    }
}
