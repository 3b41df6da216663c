/// A schema's history as named, frozen steps, registered in the order they
/// were released (as GRDB's `DatabaseMigrator.registerMigration("v3-hook-state")`):
///
/// ```swift
/// var migrator = SchemaMigrations()
/// migrator.register("v1-jobs", sql: "CREATE TABLE jobs (…)")
/// migrator.register("v2-update-payments", sql: "ALTER TABLE jobs ADD COLUMN update_payments INTEGER;")
/// ```
///
/// A released step's name and SQL never change: a later change to a schema is
/// a step of its own, appended. `FrozenMigrationsTests` pins each released
/// step's SQL by its SHA-256, so an edit to one fails the suite.
///
/// A database records how many steps it has had (SQLite's `PRAGMA
/// user_version`, PostgreSQL's `intake.schema_versions.version`): the list is
/// append-only, so that count names exactly the steps applied, and the
/// databases made before the steps had names upgrade with nothing to convert.
/// Each backend applies the pending steps in one transaction.
package struct SchemaMigrations: Sendable {
    /// One released step: its name and its SQL, run as one script.
    package struct Step: Equatable, Sendable {
        /// `vN-what-it-does`, N being the version the step brings the schema to.
        package let name: String
        /// The statements, in the backend's dialect, exactly as released.
        package let sql: String
    }

    /// The steps in order: step `i` takes the schema from version `i` to `i + 1`.
    package private(set) var steps: [Step] = []

    /// No steps yet.
    package init() {}

    /// Appends the step `name`. A name is registered once (a programmer's
    /// mistake otherwise, as in GRDB).
    package mutating func register(_ name: String, sql: String) {
        precondition(!steps.contains { $0.name == name }, "migration \(name) is registered twice")
        steps.append(Step(name: name, sql: sql))
    }

    /// The version a database has once every step is applied.
    package var latestVersion: Int { steps.count }

    /// The names, in order.
    package var names: [String] { steps.map(\.name) }

    /// The steps a database at `version` still needs, in order (none when it is
    /// at or beyond the latest).
    package func pending(from version: Int) -> ArraySlice<Step> {
        steps[min(max(version, 0), steps.count)...]
    }

    /// The steps up to and including `name`: the schema as that step left it
    /// (tests build a database of a former version with it); nil when no
    /// step has that name.
    package func through(_ name: String) -> SchemaMigrations? {
        guard let last = steps.firstIndex(where: { $0.name == name }) else { return nil }
        var prefix = SchemaMigrations()
        prefix.steps = Array(steps[...last])
        return prefix
    }
}
