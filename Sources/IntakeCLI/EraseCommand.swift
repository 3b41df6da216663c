import Foundation
import IntakeCore
import IntakeEngine
import IntakeSQLite
import IntakeSystem

/// `intake erase ROOT --workspace W [--dry-run]`: removes one customer's
/// store, outbox, archive, failed and claimed files, and catalogue rows (contract
/// end, data-protection request), under the workspace's lock; in PostgreSQL
/// mode also its store and rows in SQLite files left from before a migration
/// (``SQLiteLeftovers``). The inbox and
/// `intake.json` are the operator's to change; the lock file stays (it is never
/// removed, so a waiting process cannot lock a stale file).
enum EraseCommand {
    static func run(_ arguments: [String], console: Console) throws -> ExitCode {
        let args = try Arguments(arguments, valued: ["workspace"], flags: ["dry-run"])
        guard args.positionals.count == 1, let workspace = args.value("workspace") else {
            throw CommandError(.usage, "usage: intake erase ROOT --workspace W [--dry-run]")
        }
        guard WorkspaceName.isValid(workspace) else { throw CommandError(.usage, "\"\(workspace)\" is not a workspace id") }
        let (root, storage) = try IntakeCommand.existingRoot(args.positionals[0])
        let catalogue = try storage.openCatalogue()
        if try !storage.hasStore(workspace) && !FileSystem.exists(root.outbox(workspace)) {
            try IntakeCommand.requireKnown(workspace, root: root, catalogue: catalogue)
        }
        guard let lock = try storage.locks.tryAcquire(workspace, job: nil, store: nil) else {
            let holder = storage.locks.holder(workspace)
            throw CommandError(.busy, "workspace \(workspace) is busy with \(holder?.summary ?? "another job"); erase it when the job has finished")
        }
        defer { lock.release() }
        let paths = [root.outbox(workspace), root.archive + "/" + workspace, root.failed(workspace), root.work(workspace)]
            .filter(FileSystem.exists)
        let jobs = try catalogue.countJobs(workspace: workspace)
        let verb = args.flag("dry-run") ? "would remove" : "removed"
        for removed in try storage.eraseStore(workspace, dryRun: args.flag("dry-run")) { console.print("\(verb) \(removed)") }
        for path in paths {
            if !args.flag("dry-run") { try FileManager.default.removeItem(atPath: path) }
            console.print("\(verb) \(path)")
        }
        if !args.flag("dry-run") { try catalogue.deleteJobs(workspace: workspace) }
        console.print("\(verb) \(jobs) catalogue row(s) of \(workspace)")
        // Whatever a migration left in SQLite files goes too: nothing of an erased customer remains.
        let leftovers = SQLiteLeftovers(root: root, inUse: storage.usesRootFiles)
        for removed in try leftovers.erase(workspace, dryRun: args.flag("dry-run")) { console.print("\(verb) \(removed)") }
        return .ok
    }
}
