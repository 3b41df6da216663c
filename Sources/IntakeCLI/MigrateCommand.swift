import IntakeCore
import IntakeEngine
import IntakeMigrate
import IntakePostgres
import IntakeSQLite
import IntakeSystem

/// `intake migrate ROOT --to postgresql://…`: moves a root up to PostgreSQL
/// mode. Copies its catalogue and stores (idempotent and resumable: run it
/// again after an interruption), checks the counts, and prints the line to put
/// in `intake.json`. Refused, before anything is written, while a process holds
/// a workspace lock or a file is claimed (``MigrateGuard``), when the role lacks
/// privileges (``DatabaseCheck``) or the database holds another root's jobs
/// (``PostgresMove/clashes()``). On success the SQLite files move to
/// `ROOT/migrated-sqlite/`.
enum MigrateCommand {
    static func run(_ arguments: [String], console: Console) throws -> ExitCode {
        let args = try Arguments(arguments, valued: ["to"], flags: [])
        guard args.positionals.count == 1, let url = args.value("to") else {
            throw CommandError(.usage, "usage: intake migrate ROOT --to postgresql://USER@HOST/DATABASE")
        }
        guard PostgresURL.isPostgres(url) else {
            throw CommandError(.usage, "--to takes a PostgreSQL URL such as postgresql://intake@db.internal/intake")
        }
        let root = Root(args.positionals[0])
        guard FileSystem.exists(root.catalogue) else {
            if FileSystem.exists(root.migratedSQLite + "/index.sqlite") {
                console.print("nothing to migrate: an earlier intake migrate moved \(root.path)'s SQLite files to \(root.migratedSQLite)/")
                return .ok
            }
            throw CommandError(.noInput, "\(root.catalogue) does not exist; intake migrate copies a root in SQLite mode")
        }
        // Everything is checked before the first write: a refused migrate writes nothing anywhere.
        let storage = SQLiteStorage(root: root)
        let long = Configuration.tooLongForPostgres(storage.storedWorkspaces())
        guard long.isEmpty else {
            throw CommandError(
                .dataError, "workspace id(s) \(long.joined(separator: ", ")) have more than \(Configuration.longestPostgresWorkspace) characters, too long for PostgreSQL mode (schema ws_ID, 63 bytes at most)")
        }
        let configured = FileSystem.exists(root.configuration) ? try Configuration.load(path: root.configuration).workspaces.keys.sorted() : []
        let held = try MigrateGuard(root: root, workspaces: storage.storedWorkspaces() + configured)
        _ = try DatabaseCheck.run(url, nothingWritten: "nothing was written")
        var move = PostgresMove(root: root, url: url)
        let clashes: [String]
        do {
            clashes = try move.clashes()
        } catch let error as PostgresError {
            throw CommandError(.ioError, "\(error); nothing was written")
        }
        guard clashes.isEmpty else {
            throw CommandError(.dataError, clashes.joined(separator: "; ") + ": migrate into a database of its own (CREATE DATABASE …, see docs/scale-out.md); nothing was written")
        }
        move.progress = { console.print("copying \($0) ...") }
        let summary: PostgresMove.Summary
        do {
            summary = try move.run()
        } catch let error as StorageError {
            throw CommandError(.dataError, error.message)
        } catch let error as PostgresError {
            throw CommandError(.ioError, "\(error); nothing half-copied stays: run intake migrate again")
        }
        console.print("copied \(summary.copiedJobs) applied job(s) (\(summary.skippedJobs) already there) of \(summary.stores) store(s): \(summary.entries) entries, \(summary.records) records; \(summary.jobs) catalogue row(s)")
        console.print("verified: the database holds every job, entry and record of \(root.path)")
        let moved = try held.moveSQLiteFiles()
        console.print("moved \(moved.joined(separator: ", ")) to \(root.migratedSQLite)/ (no command reads them again; `intake erase` still removes a workspace's data from them; delete the folder once you no longer want it as a backup)")
        console.print("next: put this line in \(root.configuration) (or set \(Configuration.databaseVariable); a password is best kept in PGPASSFILE):")
        let shown = PostgresURL.redacted(url)
        console.print("  \"database\": " + JSONWriter.quoted(shown) + ",")
        if shown != url { console.print("(the password is not shown: leave it out of the file and give it in PGPASSFILE or \(Configuration.databaseVariable))") }
        return .ok
    }
}
