/// Versioned schemas: each database records its version in `PRAGMA user_version`
/// and is brought forward one step at a time, never rebuilt.
struct Migrations {
    /// Step `i` takes the schema from version `i` to `i + 1`.
    let steps: [String]

    /// Applies the missing steps in one transaction. Refuses a database newer than
    /// this build (an older Intake must not write a newer schema).
    func apply(to database: Database) throws {
        let version = try database.userVersion()
        guard version <= steps.count else {
            throw SQLiteError(
                code: 0, message: "schema version \(version) is newer than this Intake understands (\(steps.count)); upgrade Intake",
                sql: nil, path: database.path)
        }
        guard version < steps.count else { return }
        try database.transaction {
            for index in version..<steps.count {
                try database.execute(steps[index])
            }
            try database.execute("PRAGMA user_version = \(steps.count)")
        }
    }
}
