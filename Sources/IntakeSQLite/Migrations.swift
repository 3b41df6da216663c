import IntakeCore
import IntakeSystem
/// SQLite's bookkeeping of ``SchemaMigrations``: `PRAGMA user_version` is the
/// number of named steps a database has had, so a database is brought forward
/// one step at a time, never rebuilt, and a database made before the steps had
/// names (the same count) upgrades with nothing to convert.
extension SchemaMigrations {
    /// Applies the pending steps in one transaction and returns their names
    /// (empty when the database is up to date). Refuses a database newer than
    /// this build (an older Intake must not write a newer schema).
    @discardableResult
    package func apply(to database: Database) throws -> [String] {
        guard try check(database.userVersion(), database) < latestVersion else { return [] }
        // Read the version again under the write lock: two processes opening a
        // new root at once must not both create its tables.
        return try database.transaction {
            let pending = pending(from: try check(database.userVersion(), database))
            for step in pending { try database.execute(step.sql) }
            try database.execute("PRAGMA user_version = \(latestVersion)")
            return pending.map(\.name)
        }
    }

    private func check(_ version: Int, _ database: Database) throws -> Int {
        guard version <= latestVersion else {
            throw SQLiteError(
                code: 0, message: "schema version \(version) is newer than this Intake understands (\(latestVersion)); upgrade Intake",
                sql: nil, path: database.path)
        }
        return version
    }
}
