import Foundation
import IntakeSystem
import IntakeCore

/// The SQLite files of a root that no longer uses them: what `intake migrate`
/// moved to `ROOT/migrated-sqlite/`, and in PostgreSQL mode any `index.sqlite`
/// or `data/` still in the root (a root migrated before the files were moved).
/// Only `intake erase` opens them, to remove a workspace's data from them too.
package struct SQLiteLeftovers {
    /// The roots holding such files.
    package let roots: [Root]

    /// The leftovers of `root`; `inUse` when the root itself is in SQLite mode
    /// (its own files are then not leftovers).
    package init(root: Root, inUse: Bool) {
        roots = ([root.sqliteLeftovers] + (inUse ? [] : [root])).filter {
            FileSystem.exists($0.catalogue) || FileSystem.exists($0.data)
        }
    }

    /// Removes `workspace`'s store files and catalogue rows from every
    /// leftover and says what it removed (with `dryRun`, what it would). Rows
    /// are deleted with `secure_delete` and the WAL checkpointed and truncated,
    /// so no page of the file still holds them.
    package func erase(_ workspace: String, dryRun: Bool) throws -> [String] {
        var removed: [String] = []
        for root in roots {
            removed += try SQLiteStorage(root: root).eraseStore(workspace, dryRun: dryRun)
            guard FileSystem.exists(root.catalogue) else { continue }
            let catalogue = try SQLiteCatalogue(root: root)
            let rows = try catalogue.countJobs(workspace: workspace)
            guard rows > 0 else { continue }
            if !dryRun {
                try catalogue.database.execute("PRAGMA secure_delete = ON")
                try catalogue.deleteJobs(workspace: workspace)
                try catalogue.database.execute("VACUUM")
                try catalogue.database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            }
            removed.append("\(rows) catalogue row(s) of \(workspace) in \(root.catalogue)")
        }
        return removed
    }
}
