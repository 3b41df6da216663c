import CSQLite
import IntakeCore
import IntakeSystem

/// A prepared statement, compiled once and reused; finalized in `deinit`.
///
/// Wraps <https://sqlite.org/c3ref/stmt.html>. Binding is by 1-based index.
/// ``bindStatic(_:_:)`` hands SQLite a pointer without copying: the bytes must
/// stay valid until the next ``step()`` returns.
public final class Statement {
    package let handle: OpaquePointer
    package let database: Database
    /// The SQL text, for error messages.
    public let sql: String

    package init(database: Database, sql: String) throws(SQLiteError) {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw database.error(rc, sql: sql) }
        handle = statement
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds text, copied by SQLite (safe for any String).
    public func bind(_ index: Int32, _ value: String?) throws(SQLiteError) {
        let rc: Int32
        if let value {
            rc = sqlite3_bind_text(handle, index, value, -1, Statement.transient)
        } else {
            rc = sqlite3_bind_null(handle, index)
        }
        try check(rc)
    }

    /// Binds a 64-bit integer (or NULL).
    public func bind(_ index: Int32, _ value: Int64?) throws(SQLiteError) {
        let rc = value.map { sqlite3_bind_int64(handle, index, $0) } ?? sqlite3_bind_null(handle, index)
        try check(rc)
    }

    /// Binds an integer (or NULL).
    public func bind(_ index: Int32, _ value: Int?) throws(SQLiteError) {
        try bind(index, value.map { Int64($0) })
    }

    /// Binds UTF-8 text without copying it (`SQLITE_STATIC`). The bytes must stay
    /// valid and unchanged until ``step()`` has returned.
    public func bindStatic(_ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>) throws(SQLiteError) {
        let rc = bytes.baseAddress.map { base in
            base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(handle, index, $0, Int32(bytes.count), nil)
            }
        } ?? sqlite3_bind_text(handle, index, "", 0, nil)
        try check(rc)
    }

    /// Binds NULL.
    public func bindNull(_ index: Int32) throws(SQLiteError) {
        try check(sqlite3_bind_null(handle, index))
    }

    /// Steps once: true when a row is available, false when done.
    @discardableResult
    public func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        sqlite3_reset(handle)
        throw database.error(rc, sql: sql)
    }

    /// Resets the statement to run again (bindings are kept until rebound).
    public func reset() {
        sqlite3_reset(handle)
    }

    /// Runs the statement to completion and resets it.
    public func run() throws(SQLiteError) {
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    /// Column `index` of the current row as an integer.
    public func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

    /// Column `index` of the current row as an integer.
    public func int(_ index: Int32) -> Int { Int(sqlite3_column_int64(handle, index)) }

    /// Column `index` as text, nil when NULL.
    public func text(_ index: Int32) -> String? {
        guard sqlite3_column_type(handle, index) != SQLITE_NULL,
              let pointer = sqlite3_column_text(handle, index)
        else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// True when column `index` is NULL.
    public func isNull(_ index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }

    private func check(_ rc: Int32) throws(SQLiteError) {
        guard rc == SQLITE_OK else { throw database.error(rc, sql: sql) }
    }
}

@available(*, unavailable)
extension Statement: Sendable {}

@available(*, unavailable)
extension Database: Sendable {}
