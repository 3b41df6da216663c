/// `intake init ROOT [--workspace ID …]`: creates the folders and a
/// configuration granting the named workspaces every permission. An existing
/// configuration keeps its settings and gains the new workspaces.
enum InitCommand {
    static func run(_ arguments: [String], console: Console) throws -> ExitCode {
        let args = try Arguments(arguments, valued: ["workspace"], flags: [])
        guard args.positionals.count == 1 else { throw CommandError(.usage, "usage: intake init ROOT [--workspace ID ...]") }
        let root = Root(args.positionals[0])
        var configuration = FileSystem.exists(root.configuration)
            ? try Configuration.load(path: root.configuration) : Configuration()
        for id in args.values("workspace") {
            guard WorkspaceName.isValid(id) else {
                throw CommandError(.usage, "\"\(id)\" is not a valid workspace id: use lowercase letters, digits, '-' and single '_', 2 to 63 characters")
            }
            // A workspace already configured keeps what the file says of it.
            if configuration.workspaces[id] == nil {
                configuration.workspaces[id] = .init(permissions: Set(ImportType.allPermissions))
            }
        }
        do {
            try root.createFolders()
            try BufferedFile.write(configuration.json(), to: root.configuration, mode: 0o640)
        } catch {
            throw CommandError(.cannotCreate, "cannot create the root: \(error)")
        }
        try root.checkOneFilesystem()
        _ = try Catalogue(root: root)
        for (id, workspace) in configuration.workspaces.sorted(by: { $0.key < $1.key }) {
            guard let group = workspace.customerGroup else { continue }
            do {
                try root.layOutCustomerFolders(id, types: ImportType.allCases.filter(workspace.allows), customerGroup: group)
            } catch {
                throw CommandError(.cannotCreate, "cannot lay out \(id)'s folders for its customer group \(group): \(error); run intake init as root")
            }
            console.print("\(id): inbox/\(id) owned by root (0755), its type folders and outbox/\(id) shared with group \(group)")
        }
        let names = configuration.workspaces.keys.sorted()
        console.print("initialised \(root.path) with workspaces: \(names.isEmpty ? "(none)" : names.joined(separator: ", "))")
        return .ok
    }
}
