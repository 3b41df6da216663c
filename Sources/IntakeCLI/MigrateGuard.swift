import Foundation
import IntakeCore
import IntakeEngine
import IntakeSQLite
import IntakeSystem

/// What `intake migrate` holds and checks before its first write, and does
/// after its last: `locks/` exclusive (no `watch`, `run`, `import` or
/// `retry` is using the root: they hold it shared), every workspace lock of the root, taken without waiting
/// and held to the end (a process holding one is running a job: refused); no
/// file claimed in `work/` (a job in progress or left by a crash: refused);
/// on success the SQLite files moved to `ROOT/migrated-sqlite/`.
struct MigrateGuard {
    let root: Root
    private var held: [FileLock] = []

    /// The files and folders moved on success.
    static let moved = ["index.sqlite", "index.sqlite-wal", "index.sqlite-shm", "index.sqlite-journal", "data", "locks"]

    /// Takes every lock and checks the claims; throws a ``CommandError``
    /// (exit 75, or 73 for a `migrated-sqlite/` in the way) naming the holder or the claimed file.
    init(root: Root, workspaces: [String]) throws {
        self.root = root
        let leftovers = root.migratedSQLite
        if let clash = Self.moved.first(where: { FileSystem.exists(leftovers + "/" + $0) }) {
            throw CommandError(.cannotCreate, "\(leftovers)/\(clash) exists (left by an earlier migration?): move \(leftovers) out of the root and migrate again; nothing was written")
        }
        // watch, run, import and retry hold locks/ shared while they run (an idle daemon holds no workspace lock).
        if FileSystem.exists(root.locks), try !FileSystem.lockFolderForProcessLifetime(root.locks, exclusive: true) {
            throw CommandError(.busy, "a process (intake watch, run, import or retry) is using \(root.path); stop every one on the root (systemctl stop intake, cron) and migrate again; nothing was written")
        }
        let lockFiles = ((try? FileSystem.list(root.locks)) ?? []).filter { $0.hasSuffix(".lock") }.map { String($0.dropLast(".lock".count)) }
        for workspace in Set(workspaces + lockFiles).sorted() where WorkspaceName.isValid(workspace) {
            guard let lock = try FileLock.tryAcquire(root: root, workspace: workspace, job: nil) else {
                let holder = FileLock.holder(root: root, workspace: workspace)
                throw CommandError(.busy, "workspace \(workspace) is busy with \(holder?.summary ?? "a job"); stop every intake watch and run on \(root.path) and migrate again; nothing was written")
            }
            held.append(lock)
        }
        for workspace in (try? FileSystem.list(root.work)) ?? [] where !workspace.hasPrefix(".") {
            if let claimed = ((try? FileSystem.list(root.work(workspace))) ?? []).first(where: { !$0.hasPrefix(".") }) {
                throw CommandError(.busy, "work/\(workspace)/\(claimed) is claimed for a job (running, or left by a process that stopped): let it finish with `intake run \(root.path)`, stop every intake watch on the root, and migrate again; nothing was written")
            }
        }
    }

    /// Moves the SQLite files to `ROOT/migrated-sqlite/` (renames on one
    /// filesystem) and releases the locks; returns what it moved.
    func moveSQLiteFiles() throws -> [String] {
        try FileSystem.createDirectories(root.migratedSQLite)
        var moved: [String] = []
        for name in Self.moved where FileSystem.exists(root.path + "/" + name) {
            try FileSystem.rename(root.path + "/" + name, to: root.migratedSQLite + "/" + name)
            moved.append(name)
        }
        try FileSystem.syncDirectory(root.migratedSQLite)
        try FileSystem.syncDirectory(root.path)
        for lock in held { lock.release() }
        return moved
    }
}
