import IntakeCore
import IntakeEngine
import IntakePostgres
import IntakeSystem

/// Connects to a configured PostgreSQL database and checks that its role may
/// do what Intake does there, reading only: `init` and `migrate` run it before
/// they write anything, `check` unless `--offline`. Each failure is a
/// ``CommandError`` that says what to do: where a password goes (`.pgpass`,
/// `PGPASSFILE`), which database to create, which privileges to grant.
enum DatabaseCheck {
    /// What the check found: the role and database it connected as.
    struct Found: Equatable {
        let role: String
        let database: String
        let serverVersion: String
    }

    /// Connects to `url` and checks the privileges; `nothingWritten` ends every
    /// message (e.g. "nothing was written").
    static func run(_ url: String, nothingWritten: String) throws -> Found {
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection(url: url)
        } catch {
            throw connectError(error, nothingWritten: nothingWritten)
        }
        defer { connection.close() }
        // has_*_privilege is true when ANY privilege listed is held: each is asked on its own.
        let rows = try connection.query("""
            SELECT current_user, current_database(), current_setting('server_version'),
                   has_database_privilege(current_database(), 'CONNECT') AND has_database_privilege(current_database(), 'CREATE'),
                   CASE WHEN to_regnamespace('intake') IS NULL THEN true
                        ELSE has_schema_privilege('intake', 'USAGE') AND has_schema_privilege('intake', 'CREATE') END,
                   CASE WHEN to_regclass('intake.jobs') IS NULL THEN true
                        ELSE has_table_privilege('intake.jobs', 'SELECT') AND has_table_privilege('intake.jobs', 'INSERT')
                             AND has_table_privilege('intake.jobs', 'UPDATE') AND has_table_privilege('intake.jobs', 'DELETE') END
            """)
        let found = Found(role: rows.text(0, 0) ?? "?", database: rows.text(0, 1) ?? "?", serverVersion: rows.text(0, 2) ?? "?")
        let grant = "as the database's owner or a superuser run `GRANT CONNECT, CREATE ON DATABASE \(found.database) TO \(found.role);` "
            + "(or make \(found.role) the owner: `ALTER DATABASE \(found.database) OWNER TO \(found.role);`, see docs/scale-out.md)"
        guard rows.bool(0, 3) == true else {
            throw CommandError(
                .noPermission,
                "role \(found.role) may not create schemas in database \(found.database) of \(connection.server) (Intake creates schema intake and one schema ws_WORKSPACE per workspace): \(grant); \(nothingWritten)")
        }
        guard rows.bool(0, 4) == true, rows.bool(0, 5) == true else {
            throw CommandError(
                .noPermission,
                "role \(found.role) may not use schema intake of database \(found.database) of \(connection.server) (it needs USAGE and CREATE on the schema and SELECT, INSERT, UPDATE, DELETE on its tables; another role made them?): run Intake as the role that owns schema intake, or as its owner `ALTER SCHEMA intake OWNER TO \(found.role);` and the same for its tables; \(nothingWritten)")
        }
        return found
    }

    /// A connection failure as a message that says what to do.
    static func connectError(_ error: PostgresError, nothingWritten: String) -> CommandError {
        let message = error.message
        let server = error.server
        if message.contains("no password supplied") {
            return CommandError(
                .noPermission,
                "cannot connect to \(server): the server asks for a password and no password was given; put it in ~/.pgpass of the user that runs intake (a line HOST:PORT:DATABASE:USER:PASSWORD, mode 0600) or in the file PGPASSFILE names, not in intake.json; \(nothingWritten)")
        }
        if message.contains("password authentication failed") {
            return CommandError(
                .noPermission,
                "cannot connect to \(server): the server refused the password (\(message)); correct it in ~/.pgpass of the user that runs intake, in the file PGPASSFILE names, or in \(Configuration.databaseVariable); \(nothingWritten)")
        }
        if message.contains("does not exist") {
            return CommandError(
                .noInput,
                "cannot connect to \(server): \(message); create the role and the database first (docs/scale-out.md: `CREATE ROLE intake LOGIN; CREATE DATABASE intake OWNER intake;`) or correct the URL; \(nothingWritten)")
        }
        return CommandError(.ioError, "\(error); \(nothingWritten)")
    }
}
