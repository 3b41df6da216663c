import IntakeCore
import IntakeEngine
import IntakeSystem

/// The names an operator types (workspaces, types), refused with the nearest
/// known one before anything is written (spec section 7).
extension IntakeCommand {
    /// The import type named `name`, or a usage error listing the types and the nearest one.
    static func importType(_ name: String) throws(CommandError) -> ImportType {
        if let type = ImportType(rawValue: name) { return type }
        let names = ImportType.allCases.map(\.name)
        let near = NearestName.find(name, among: names).map { "did you mean \"\($0)\"? " } ?? ""
        throw CommandError(.usage, "unknown type \"\(name)\"; \(near)types: \(names.joined(separator: ", "))")
    }

    /// Refuses a workspace that `intake.json` does not configure.
    static func requireConfigured(_ workspace: String, configuration: Configuration, root: Root) throws(CommandError) {
        guard configuration.workspaces[workspace] == nil else { return }
        throw unknownWorkspace(workspace, known: configuration.workspaces.keys.sorted(), root: root)
    }

    /// Refuses a workspace the root knows nothing of: neither configured nor in
    /// the catalogue (a removed workspace's jobs can still be listed and erased).
    static func requireKnown(_ workspace: String, root: Root, catalogue: any JobCatalogue) throws -> Void {
        let configured = (try? Configuration.load(path: root.configuration)).map { Array($0.workspaces.keys) } ?? []
        let known = Set(configured + (try catalogue.workspaces()).filter { $0 != Root.unrouted })
        guard !known.contains(workspace) else { return }
        throw unknownWorkspace(workspace, known: known.sorted(), root: root)
    }

    private static func unknownWorkspace(_ workspace: String, known: [String], root: Root) -> CommandError {
        let near = NearestName.find(workspace, among: known).map { "did you mean \"\($0)\"? " } ?? ""
        return CommandError(
            .usage,
            "no workspace \"\(workspace)\" in \(root.configuration); \(near)configured: \(known.isEmpty ? "(none)" : known.joined(separator: ", ")); nothing was written")
    }
}
