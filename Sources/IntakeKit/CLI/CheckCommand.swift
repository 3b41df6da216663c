/// `intake check ROOT`: reads `intake.json` as `run` and `watch` would and
/// runs nothing. Exit 0 and a summary when it can be used; 64 and every
/// mistake, one per line (key path, nearest known key, or line and column),
/// when it cannot.
enum CheckCommand {
    static func run(_ arguments: [String], console: Console) throws -> ExitCode {
        let args = try Arguments(arguments, valued: [], flags: [])
        guard args.positionals.count == 1 else { throw CommandError(.usage, "usage: intake check ROOT") }
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
        let names = configuration.workspaces.keys.sorted()
        console.print("\(root.configuration): OK; workspaces: \(names.isEmpty ? "(none)" : names.joined(separator: ", "))")
        for id in names {
            guard let workspace = configuration.workspaces[id] else { continue }
            let types = ImportType.allCases.filter(workspace.allows).map(\.name)
            let hook = configuration.hook(for: id).map { " hook: " + $0.joined(separator: " ") } ?? ""
            console.print("  \(id): \(types.isEmpty ? "no types (no permission granted)" : types.joined(separator: ", "))\(hook)")
        }
        if let hook = configuration.onJobEnd { console.print("on_job_end: \(hook.joined(separator: " ")) (timeout \(configuration.hookTimeoutSeconds) s)") }
        return .ok
    }
}
