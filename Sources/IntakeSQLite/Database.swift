import CSQLite
import IntakeCore
import IntakeSystem

/// One SQLite connection. Owned by one thread at a time; closed in `deinit`.
///
/// Wraps <https://sqlite.org/c3ref/open.html>. Not Sendable: a connection is
/// confined to the job or command that opened it.
public final class Database {
    package let handle: OpaquePointer
    /// The database file.
    public let path: String

    /// Opens (creating if needed) the database at `path`, with a busy timeout.
    public init(path: String, busyTimeoutMilliseconds: Int32 = 10_000) throws(SQLiteError) {
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw SQLiteError(code: rc, message: message, sql: nil, path: path)
        }
        handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
    }

    deinit { sqlite3_close_v2(handle) }

    /// The error for the connection's last failure.
    package func error(_ rc: Int32, sql: String?) -> SQLiteError {
        SQLiteError(
            code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)),
            sql: sql, path: path)
    }

    /// Runs one or more statements that bind nothing (schema, pragmas).
    public func execute(_ sql: String) throws(SQLiteError) {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc, sql: sql) }
    }

    /// Compiles a statement to reuse.
    public func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// Rows changed by the last INSERT/UPDATE/DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// The rowid of the last INSERT.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Runs `body` in a transaction (`BEGIN IMMEDIATE`, so the write lock is taken
    /// up front): commits when it returns, rolls back and rethrows when it throws.
    public func transaction<R>(_ body: () throws -> R) throws -> R {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Frees the page cache the connection does not need (`sqlite3_db_release_memory`).
    package func releaseMemory() { sqlite3_db_release_memory(handle) }

    /// Runs a pragma that answers one text value (`PRAGMA journal_mode = WAL` answers the mode it left).
    package func pragmaText(_ sql: String) throws(SQLiteError) -> String {
        let statement = try prepare(sql)
        guard try statement.step() else { return "" }
        return statement.text(0) ?? ""
    }

    /// Whether the database file was renamed, moved or removed since it was
    /// opened (`SQLITE_FCNTL_HAS_MOVED`: one `stat` of the path against the open file).
    package var hasMoved: Bool {
        var moved: Int32 = 0
        guard sqlite3_file_control(handle, "main", SQLITE_FCNTL_HAS_MOVED, &moved) == SQLITE_OK else { return true }
        return moved != 0
    }

    /// Reads `PRAGMA user_version`.
    public func userVersion() throws(SQLiteError) -> Int {
        let statement = try prepare("PRAGMA user_version")
        guard try statement.step() else { return 0 }
        return Int(statement.int64(0))
    }

    /// Runs `PRAGMA integrity_check`; nil when it says ok.
    package func integrityProblem() throws(SQLiteError) -> String? {
        let statement = try prepare("PRAGMA integrity_check")
        guard try statement.step() else { return "nothing" }
        let verdict = statement.text(0) ?? ""
        return verdict == "ok" ? nil : verdict
    }
}
