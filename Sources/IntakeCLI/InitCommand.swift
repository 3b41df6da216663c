import Foundation
import IntakeCore
import IntakeEngine
import IntakePostgres
import IntakeSystem

/// `intake init ROOT [--workspace ID …]`: creates the folders and a
/// configuration granting the named workspaces every permission. An existing
/// `intake.json` is never rewritten: the new workspaces are inserted as text
/// at the end of its `workspaces` object, laid out like the entries there, and
/// every other byte (keys, spelling, order, comments-free layout, other
/// workspaces' settings) stays as it was; the command says what it added.
enum InitCommand {
    static func run(_ arguments: [String], console: Console) throws -> ExitCode {
        let args = try Arguments(arguments, valued: ["workspace", "database"], flags: [])
        guard args.positionals.count == 1 else {
            throw CommandError(.usage, "usage: intake init ROOT [--workspace ID ...] [--database postgresql://...]")
        }
        let root = Root(args.positionals[0])
        let existing = FileSystem.exists(root.configuration)
        var configuration = existing ? try Configuration.load(path: root.configuration) : Configuration()
        // The database to check and use: INTAKE_DATABASE_URL wins (as for every command), else --database.
        let environmentURL = ProcessInfo.processInfo.environment[Configuration.databaseVariable].flatMap { $0.isEmpty ? nil : $0 }
        var written: String?
        if let url = args.value("database") {
            guard PostgresURL.isPostgres(url) else {
                throw CommandError(.usage, "--database takes a PostgreSQL URL such as postgresql://intake@db.internal/intake")
            }
            if existing && configuration.database != url && configuration.database != environmentURL {
                throw CommandError(
                    .usage, "\(root.configuration) already exists\(configuration.database == nil ? " without \"database\"" : " with another \"database\""); set \"database\" in it by hand (or move the root with `intake migrate \(root.path) --to URL`)")
            }
            configuration.database = environmentURL ?? url
            written = url
        } else if !existing, let url = environmentURL {
            guard PostgresURL.isPostgres(url) else {
                throw CommandError(.usage, "\(Configuration.databaseVariable) must be a PostgreSQL URL such as postgresql://intake@db.internal/intake (unset it for a root in SQLite mode)")
            }
            configuration.database = url
            // The file names the database too, so a command run without the variable never makes a SQLite root
            // beside it; its password stays out of the file (.pgpass, PGPASSFILE or the variable give it).
            written = PostgresURL.withoutPassword(url)
        }
        var added: [String] = []
        for id in args.values("workspace") {
            guard WorkspaceName.isValid(id) else {
                throw CommandError(.usage, "\"\(id)\" is not a valid workspace id: use lowercase letters, digits, '-' and single '_', 2 to 63 characters")
            }
            // A workspace already configured keeps what the file says of it.
            if configuration.workspaces[id] == nil, !added.contains(id) {
                configuration.workspaces[id] = .init(permissions: Set(ImportType.allPermissions))
                added.append(id)
            }
        }
        try configuration.checkDatabaseMode(path: root.configuration)
        if let url = configuration.database {
            let found = try DatabaseCheck.run(url, nothingWritten: "nothing was written")
            console.print("connected to \(PostgresURL.redacted(url)) as role \(found.role) (PostgreSQL \(found.serverVersion)): it may create Intake's schemas")
        }
        let undo = InitUndo(root: root, embedded: configuration.database == nil)
        do {
            try makeRoot(root, configuration: configuration, written: written, existing: existing, added: added, console: console)
        } catch {
            undo.run()
            throw error
        }
        let names = configuration.workspaces.keys.sorted()
        console.print("initialised \(root.path) with workspaces: \(names.isEmpty ? "(none)" : names.joined(separator: ", "))")
        return .ok
    }

    /// Everything `init` writes: folders, `intake.json`, the catalogue, the
    /// customer folders. `written` is the `database` value the file gets.
    private static func makeRoot(
        _ root: Root, configuration: Configuration, written: String?, existing: Bool, added: [String], console: Console
    ) throws {
        do {
            try root.createFolders(embedded: configuration.database == nil)
            if !existing {
                var file = configuration
                file.database = written ?? configuration.database
                try BufferedFile.write(file.json(), to: root.configuration, mode: 0o640)
            } else if !added.isEmpty {
                try addWorkspaces(added, configuration: configuration, path: root.configuration)
            }
        } catch let error as CommandError {
            throw error
        } catch {
            throw CommandError(.cannotCreate, "cannot create the root: \(error)")
        }
        if existing {
            console.print(added.isEmpty ? "\(root.configuration) unchanged: no new workspace"
                          : "added to \(root.configuration): \(added.joined(separator: ", ")) (every permission); nothing else in the file changed")
        }
        try root.checkOneFilesystem(embedded: configuration.database == nil)
        let storage = configuration.storage(for: root)
        do {
            _ = try storage.openCatalogue()
        } catch {
            throw CommandError(.cannotCreate, "cannot create the catalogue in \(storage.name): \(error)")
        }
        for (id, workspace) in configuration.workspaces.sorted(by: { $0.key < $1.key }) {
            guard let group = workspace.customerGroup else { continue }
            do {
                try root.layOutCustomerFolders(id, types: ImportType.allCases.filter(workspace.allows), customerGroup: group)
            } catch {
                throw CommandError(.cannotCreate, "cannot lay out \(id)'s folders for its customer group \(group): \(error); run intake init as root")
            }
            console.print("\(id): inbox/\(id) owned by root (0755), its type folders and outbox/\(id) shared with group \(group)")
        }
    }

    /// Inserts the `added` workspaces into the file's text, keeping its mode,
    /// and checks that the result reads back as `configuration` (but for its
    /// database, which `INTAKE_DATABASE_URL` may give instead of the file, and
    /// which adding workspaces never changes).
    private static func addWorkspaces(_ added: [String], configuration: Configuration, path: String) throws {
        let bytes = try FileSystem.readFile(path, limit: 4 << 20)
        let entries = added.compactMap { id in
            configuration.workspaces[id].map { Configuration.json(workspace: id, $0) }
        }
        guard let tree = try? ConfigurationJSON.parse(bytes), let edited = tree.addingWorkspaces(entries, to: bytes) else {
            throw CommandError(.usage, "\(path) has no top-level \"workspaces\" object to add to; add {\"workspaces\": {}} and run again")
        }
        var reread = try Configuration.parse(Data(edited), path: path)
        reread.database = configuration.database
        guard reread == configuration else {
            throw CommandError(.cannotCreate, "adding \(added.joined(separator: ", ")) to \(path) would change its meaning; add them by hand")
        }
        let mode = (try? FileStatus.of(path).permissions) ?? 0o640
        try BufferedFile.write(String(decoding: edited, as: UTF8.self), to: path, mode: mode)
    }
}
