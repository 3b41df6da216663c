import IntakeCore
import IntakeSystem
/// Versioned schemas: each database records its version in `PRAGMA user_version`
/// and is brought forward one step at a time, never rebuilt.
package struct Migrations {
    /// Step `i` takes the schema from version `i` to `i + 1`.
    package let steps: [String]

    /// Migrations made of `steps`, in order.
    package init(steps: [String]) {
        self.steps = steps
    }

    /// Applies the missing steps in one transaction. Refuses a database newer than
    /// this build (an older Intake must not write a newer schema).
    package func apply(to database: Database) throws {
        guard try check(database.userVersion(), database) < steps.count else { return }
        // Read the version again under the write lock: two processes opening a
        // new root at once must not both create its tables.
        try database.transaction {
            let version = try check(database.userVersion(), database)
            for index in version..<steps.count {
                try database.execute(steps[index])
            }
            try database.execute("PRAGMA user_version = \(steps.count)")
        }
    }

    private func check(_ version: Int, _ database: Database) throws -> Int {
        guard version <= steps.count else {
            throw SQLiteError(
                code: 0, message: "schema version \(version) is newer than this Intake understands (\(steps.count)); upgrade Intake",
                sql: nil, path: database.path)
        }
        return version
    }
}
