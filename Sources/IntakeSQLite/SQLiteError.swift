import CSQLite
import IntakeCore
import IntakeSystem

/// A failed SQLite call: the extended result code, SQLite's message and the SQL
/// (never the bound values, which may be customer data).
public struct SQLiteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The extended result code (`sqlite3_extended_errcode`).
    public let code: Int32
    /// SQLite's own message.
    public let message: String
    /// The statement that failed, when there was one.
    public let sql: String?
    /// The database file.
    public let path: String

    /// True for `SQLITE_BUSY`/`SQLITE_LOCKED`: another process holds the write lock.
    public var isBusy: Bool {
        let primary = code & 0xff
        return primary == SQLITE_BUSY || primary == SQLITE_LOCKED
    }

    /// True for the faults that are about the machine, not the document: busy,
    /// disk full, I/O error, cannot open. The job is retried, no attempt counted.
    public var isInfrastructure: Bool {
        let primary = code & 0xff
        return isBusy || primary == SQLITE_FULL || primary == SQLITE_IOERR
            || primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY
            || primary == SQLITE_PROTOCOL || primary == SQLITE_NOMEM
    }

    public var description: String {
        var text = "SQLite error \(code) on '\(path)': \(message)"
        if let sql { text += " (in: \(sql.prefix(120)))" }
        let primary = code & 0xff
        if isBusy {
            text += "; another process holds a write lock on this database (an open sqlite3 shell?), close it"
        } else if primary == SQLITE_FULL {
            text += "; the disk is full, free space and the job will be retried"
        } else if primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB {
            text += "; the database file is damaged, restore it from a backup"
        }
        return text
    }
}

extension SQLiteError: InfrastructureError {
    /// ``isInfrastructure``: busy, disk full, I/O and the like pass; a refused statement is a defect.
    public var isTransient: Bool { isInfrastructure }
}
