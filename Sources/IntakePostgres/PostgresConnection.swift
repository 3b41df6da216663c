import CPostgreSQL
import IntakeCore
import IntakeSystem

/// One PostgreSQL connection (libpq's `PGconn`). Owned by one thread at a time;
/// closed by ``close()`` or in `deinit`.
///
/// Wraps <https://www.postgresql.org/docs/current/libpq-exec.html>. Parameters
/// and results travel in text format. Not Sendable: every call on a connection
/// is made by the thread that owns it. A lost connection is not reopened: the
/// call throws an error whose ``PostgresError/isConnectionLost`` is true and
/// the owner opens a new connection.
public final class PostgresConnection {
    /// `nil` once closed.
    package var handle: OpaquePointer?
    /// The server, its password hidden, for messages.
    public let server: String
    /// libpq's functions (loaded on the first connection).
    package let pq: LibPQ
    /// The statements ``runCached(_:_:keepRows:)`` prepared, by SQL text: each is
    /// parsed and planned once per connection, then kept until it closes.
    package var cachedStatements: [String: String] = [:]

    /// Connects to `url`: a `postgresql://` URI or a libpq keyword/value string,
    /// handed to libpq untouched, so `PGPASSWORD`, `PGPASSFILE`, `PGSSLMODE` and
    /// the other libpq environment variables keep working.
    ///
    /// The client encoding is always UTF-8; `application_name` is `intake` unless
    /// the URL or `PGAPPNAME` sets one (libpq's `fallback_application_name`).
    /// Server notices (`NOTICE:` lines) are dropped, not printed.
    /// - Throws: ``PostgresError`` naming the server (password hidden) when the
    ///   connection cannot be made.
    public init(url: String) throws(PostgresError) {
        server = PostgresURL.redacted(url)
        let pq = try LibPQ.functions()
        self.pq = pq
        // Keywords after `dbname` override what the expanded URL says (libpq's rule).
        let keywords: [String?] = ["dbname", "fallback_application_name", "client_encoding", nil]
        let values: [String?] = [url, "intake", "UTF8", nil]
        let connection = withCStrings(keywords) { keywords in
            withCStrings(values) { values in pq.PQconnectdbParams(keywords, values, 1) }
        }
        guard let connection, pq.PQstatus(connection) == CONNECTION_OK else {
            // libpq may quote a malformed part of the URL: hide the password before anything else.
            var message = connection.flatMap { pq.PQerrorMessage($0).map { String(cString: $0) } } ?? "libpq is out of memory"
            for secret in PostgresURL.secrets(in: url) { message = message.replacing(secret, with: "***") }
            pq.PQfinish(connection)
            throw PostgresError(
                .connect, sqlState: nil, message: Self.oneLine(message), sql: nil, server: server, connectionBad: true)
        }
        handle = connection
        _ = pq.PQsetNoticeProcessor(connection, { _, _ in }, nil)
        if pq.PQparameterStatus(connection, "client_encoding").map({ String(cString: $0) }) != "UTF8" {
            guard pq.PQsetClientEncoding(connection, "UTF8") == 0 else {
                let message = Self.oneLine(pq.PQerrorMessage(connection))
                close()
                throw PostgresError(
                    .connect, sqlState: nil, message: "cannot use UTF-8: \(message)", sql: nil, server: server,
                    connectionBad: true)
            }
        }
    }

    deinit { close() }

    /// Ends the connection (the server rolls back an open transaction). Safe to
    /// call more than once; any later call on the connection is a programmer error.
    public func close() {
        guard let handle else { return }
        self.handle = nil
        pq.PQfinish(handle)
    }

    /// The server process serving this connection (`pg_backend_pid()`), 0 once closed.
    public var backendPID: Int32 { handle.map { pq.PQbackendPID($0) } ?? 0 }

    /// True while libpq holds the connection as good. It turns false only when a
    /// call finds the connection gone: a server that went away in between is noticed by the next call.
    public var isAlive: Bool { handle.map { pq.PQstatus($0) == CONNECTION_OK } ?? false }

    /// True inside a transaction block, failed or not (`BEGIN` was run, no `COMMIT`/`ROLLBACK` yet).
    public var inTransaction: Bool {
        guard let handle else { return false }
        let status = pq.PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    /// Runs one or more statements separated by `;` (schema, `BEGIN`, `COMMIT`),
    /// with no parameters; any rows they return are discarded. Stops at the first failure.
    public func execute(_ sql: String) throws(PostgresError) {
        let result = pq.PQexec(requireHandle(), sql)
        _ = try consume(result, sql: sql, keepRows: false)
    }

    /// Runs one statement with `$1`, `$2`… bound to `parameters` (text; `nil` is
    /// NULL) and returns its rows, all copied out of libpq.
    /// - Throws: ``PostgresError``; also when a parameter holds a NUL byte,
    ///   which PostgreSQL text cannot store (SQLSTATE 22021), rather than cutting it short.
    public func query(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresRows {
        let connection = requireHandle()
        try checkParameters(parameters, sql: sql)
        let result = withCStrings(parameters) { values in
            pq.PQexecParams(connection, sql, Int32(values.count), nil, values, nil, nil, 0)
        }
        return try consume(result, sql: sql, keepRows: true)
    }

    /// Prepares `sql` as the named statement `name` on this connection, for
    /// ``run(prepared:_:)``. A name can be prepared once per connection
    /// (SQLSTATE 42P05 otherwise); it lives until the connection closes.
    public func prepare(_ name: String, _ sql: String) throws(PostgresError) {
        let result = pq.PQprepare(requireHandle(), name, sql, 0, nil)
        _ = try consume(result, sql: sql, keepRows: false)
    }

    /// Runs the statement prepared as `name` with `parameters` (text; `nil` is NULL).
    public func run(prepared name: String, _ parameters: [String?]) throws(PostgresError) -> PostgresRows {
        let connection = requireHandle()
        let label = "prepared statement \(name)"
        try checkParameters(parameters, sql: label)
        let result = withCStrings(parameters) { values in
            pq.PQexecPrepared(connection, name, Int32(values.count), values, nil, nil, 0)
        }
        return try consume(result, sql: label, keepRows: true)
    }

    /// Starts `sql`, a `COPY … FROM STDIN` (text or binary format), and returns the stream
    /// to write its rows to. Until the copy is finished or aborted, the connection
    /// must not be used for anything else.
    public func copyIn(_ sql: String) throws(PostgresError) -> PostgresCopy {
        let result = pq.PQexec(requireHandle(), sql)
        guard let result, pq.PQresultStatus(result) == PGRES_COPY_IN else {
            _ = try consume(result, sql: sql, keepRows: false, operation: .copy)
            preconditionFailure("copyIn needs a COPY … FROM STDIN statement, not: \(sql.prefix(200))")
        }
        pq.PQclear(result)
        return PostgresCopy(connection: self, sql: sql)
    }

    /// The libpq handle; using a closed connection is a programmer error.
    package func requireHandle() -> OpaquePointer {
        guard let handle else { preconditionFailure("PostgresConnection to \(server) used after close()") }
        return handle
    }
}

@available(*, unavailable)
extension PostgresConnection: Sendable {}
