import Foundation
import IntakeCore
import IntakeSystem

/// The versioned schemas of PostgreSQL mode: `intake` (the catalogue
/// `intake.jobs`, the lock holders `intake.locks`, and `intake.schema_versions`)
/// and one `ws_WORKSPACE` schema per workspace store, each brought forward by
/// its named, frozen steps (`PostgresSchema+Migrations.swift`).
package enum PostgresSchema {
    /// Serialises migrations of every schema across hosts (`pg_advisory_xact_lock`).
    package static let migrationLockKey: Int64 = 0x696E_7461_6B65_4D31  // "intakeM1"

    /// The schema of `workspace`'s store.
    package static func storeSchema(_ workspace: String) -> String { "ws_" + workspace }

    /// `name` as a quoted SQL identifier.
    package static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A text array literal (`{"a","b"}`), every element quoted, for a `$n::text[]` parameter.
    package static func textArray(_ values: [String]) -> String {
        "{" + values.map {
            "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }.joined(separator: ",") + "}"
    }

    /// Brings schema `name` to `migrations.latestVersion`, one named step at a
    /// time, in one transaction under a database-wide advisory lock, so several
    /// hosts starting at once migrate it once. `intake.schema_versions.version`
    /// is the number of steps applied (the list is append-only, see
    /// ``SchemaMigrations``). `search path` puts the store's schema first for
    /// unqualified names. Refuses a schema newer than this build. Returns the
    /// names of the steps applied (empty when it was up to date).
    @discardableResult
    package static func migrate(
        _ name: String, migrations: SchemaMigrations, searchPath: String?, on connection: PostgresConnection
    ) throws -> [String] {
        let latest = migrations.latestVersion
        if let version = try? currentVersion(name, on: connection), version >= latest {
            try refuseNewer(name, version: version, latest: latest)
            return []
        }
        try connection.execute("BEGIN")
        do {
            try connection.execute("""
                SELECT pg_advisory_xact_lock(\(migrationLockKey));
                CREATE SCHEMA IF NOT EXISTS intake;
                CREATE TABLE IF NOT EXISTS intake.schema_versions (name TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL);
                """)
            let version = try currentVersion(name, on: connection)
            try refuseNewer(name, version: version, latest: latest)
            let pending = migrations.pending(from: version)
            if !pending.isEmpty {
                if let searchPath {
                    try connection.execute("CREATE SCHEMA IF NOT EXISTS \(quoted(searchPath)); SET LOCAL search_path TO \(quoted(searchPath))")
                }
                for step in pending { try connection.execute(step.sql) }
                _ = try connection.query("""
                    INSERT INTO intake.schema_versions (name, version) VALUES ($1, $2)
                    ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version
                    """, [name, String(latest)])
            }
            try connection.execute("COMMIT")
            return pending.map(\.name)
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    private static func currentVersion(_ name: String, on connection: PostgresConnection) throws -> Int {
        let rows = try connection.query("SELECT version FROM intake.schema_versions WHERE name = $1", [name])
        return rows.count == 0 ? 0 : rows.int(0, 0) ?? 0
    }

    private static func refuseNewer(_ name: String, version: Int, latest: Int) throws {
        guard version > latest else { return }
        throw StorageError(
            "schema \(name) is at version \(version), newer than this Intake understands (\(latest)); upgrade Intake on this host")
    }
}
