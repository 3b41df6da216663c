import IntakeCore
import IntakeSystem
/// A failed PostgreSQL call: the SQLSTATE, the server's (or libpq's) primary
/// message and the first 200 characters of the SQL.
///
/// Never holds parameter values, the server's DETAIL line (a unique violation's
/// detail names the duplicated key, which is customer data) nor a password: the
/// server address is kept redacted by ``PostgresURL/redacted(_:)``.
/// See <https://www.postgresql.org/docs/current/errcodes-appendix.html>.
public struct PostgresError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was being done when it failed.
    package enum Operation: Equatable, Sendable {
        /// Opening the connection.
        case connect
        /// A statement, a prepare or a prepared statement's run.
        case statement
        /// Sending or ending a `COPY … FROM STDIN`.
        case copy
    }

    /// The five-character SQLSTATE, when the server sent one (a lost
    /// connection or a libpq-side failure often has none).
    public let sqlState: String?
    /// The primary message, one line, without libpq's `ERROR:` prefix.
    public let message: String
    /// The first 200 characters of the statement that failed, when there was one.
    public let sql: String?
    /// The server, its password hidden (`postgresql://intake:***@host/db`).
    public let server: String
    package let operation: Operation
    /// libpq reported the connection as bad (`PQstatus` is `CONNECTION_BAD`) right after the failure.
    package let connectionBad: Bool

    package init(
        _ operation: Operation, sqlState: String?, message: String, sql: String?, server: String,
        connectionBad: Bool
    ) {
        self.operation = operation
        self.sqlState = sqlState
        self.message = message
        self.sql = sql.map { String($0.prefix(200)) }
        self.server = server
        self.connectionBad = connectionBad
    }

    /// True when the connection cannot be used any more: libpq says it is bad, or
    /// the SQLSTATE is class 08 (connection exception), 57P01 (admin shutdown or
    /// `pg_terminate_backend`), 57P02 (crash shutdown) or 57P03 (cannot connect now).
    /// Open a new connection; the work of an open transaction is lost.
    public var isConnectionLost: Bool {
        if connectionBad || operation == .connect { return true }
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState)
    }

    /// True for SQLSTATE 23505, `unique_violation`.
    public var isUniqueViolation: Bool { sqlState == "23505" }

    /// True for SQLSTATE 40001 (`serialization_failure`) or 40P01
    /// (`deadlock_detected`): the transaction was rolled back and may simply be run again.
    public var isSerializationOrDeadlock: Bool { sqlState == "40001" || sqlState == "40P01" }

    public var description: String {
        var text: String
        switch operation {
        case .connect:
            text = "cannot connect to \(server): \(message)"
        case .statement, .copy:
            let code = sqlState.map { " \($0)" } ?? ""
            text = "PostgreSQL error\(code) on \(server): \(message)"
        }
        if let sql { text += " (in: \(sql))" }
        if let remedy { text += "; " + remedy }
        return text
    }

    /// What to do about it, for the end of ``description``; `nil` when the
    /// server's message is all there is to say.
    private var remedy: String? {
        if operation == .connect {
            return "check `database` in intake.json or INTAKE_DATABASE_URL, and that the server is up and accepts this user"
        }
        if isConnectionLost {
            return "the connection to the server was lost (restart, failover or an administrator ending the session): "
                + "check that the server is up; an open transaction is rolled back (a COMMIT in flight may or may not have taken effect)"
        }
        if isUniqueViolation { return "a row with the same key already exists" }
        if isSerializationOrDeadlock { return "the transaction was rolled back by the server and can be run again" }
        let code = sqlState ?? ""
        if code == "42501" { return "grant the database user the privileges Intake needs on this database" }
        if code.hasPrefix("53") { return "the server is out of a resource (disk, memory or connections): free some" }
        if code == "57014" { return "the statement was cancelled (statement_timeout or an administrator)" }
        if code == "25P02" { return "an earlier statement of this transaction failed: roll it back" }
        if code == "42P01" || code == "42703" {
            return "the database's tables are not the ones this Intake expects (not set up yet, or changed by hand)"
        }
        if operation == .copy { return "the COPY was abandoned and none of its rows were written" }
        return nil
    }
}

extension PostgresError: InfrastructureError {
    /// A lost session, a deadlock or serialization failure, or a server short
    /// of resources (SQLSTATE class 53) passes; a refused statement is a defect.
    public var isTransient: Bool { isConnectionLost || isSerializationOrDeadlock || sqlState?.hasPrefix("53") == true }
}
