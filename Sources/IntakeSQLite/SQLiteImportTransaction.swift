import Foundation
import IntakeCore
import IntakeSystem

/// One job's open transaction in a workspace store, with its statements
/// prepared once and reused for every row.
package final class SQLiteImportTransaction: ImportTransaction {
    private let database: Database
    /// The job's sequence number in `applied_jobs`, stored on every entry and record.
    package let sequence: Int64
    private let recordStatement: Statement
    private let entryStatement: Statement
    private let schema: RecordSchema
    private var open = true
    /// One row's values, reused.
    private var values: RecordValues

    package init(database: Database, sequence: Int64, schema: RecordSchema) throws(SQLiteError) {
        self.database = database
        self.sequence = sequence
        self.schema = schema
        values = RecordValues(count: schema.fields.count)
        let table = schema.type.name
        let columns = schema.storeColumns
        let id = columns[schema.idField]
        let updates = columns.filter { $0 != id }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        // An id already stored by this same job is a repeat within the document:
        // the WHERE makes the upsert change nothing, which the caller reads as duplicate_id.
        recordStatement = try database.prepare("""
            INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))
            ON CONFLICT (\(id)) DO UPDATE SET \(updates) WHERE \(table).job_seq <> excluded.job_seq
            """)
        entryStatement = try database.prepare(
            "INSERT INTO entries (id, line, record_id, failed, issues) VALUES (?, ?, ?, ?, ?)")
    }

    deinit { if open { try? database.execute("ROLLBACK") } }

    /// Upserts one valid record. Returns false when this job already stored the same id
    /// (a `duplicate_id` row). Text values are bound without copying: they must stay
    /// valid until this returns.
    package func upsert(_ values: RecordValues) throws(SQLiteError) -> Bool {
        let s = recordStatement
        for index in 0..<values.count {
            let position = Int32(index + 1)
            switch values[index] {
            case .null: try s.bindNull(position)
            case .text(let bytes): try s.bindStatic(position, bytes)
            case .integer(let value): try s.bind(position, value)
            }
        }
        try s.bind(Int32(values.count + 1), sequence)
        try s.run()
        return database.changes > 0
    }

    package func upsertRecords(of batch: RowBatch, arena: UnsafeBufferPointer<UInt8>, duplicates: inout [Bool]) throws(SQLiteError) {
        for row in 0..<batch.count where !batch.issues[row].hasError {
            batch.values(row: row, arena: arena, into: &values)
            duplicates[row] = try !upsert(values)
        }
    }

    /// Inserts the entry of one row.
    package func insertEntry(
        row: Int, line: Int?, recordID: UnsafeBufferPointer<UInt8>?, failed: Bool, issuesJSON: String?
    ) throws(SQLiteError) {
        let s = entryStatement
        try s.bind(1, EntryKey.id(sequence: sequence, row: row))
        try s.bind(2, line)
        if let recordID { try s.bindStatic(3, recordID) } else { try s.bindNull(3) }
        try s.bind(4, failed ? 1 : 0)
        try s.bind(5, issuesJSON)
        try s.run()
    }

    /// Entries are written as they come: nothing is held back.
    package func finishBatch() {}

    /// Commits: the job's records, entries and `applied_jobs` row become durable together.
    package func commit() throws(SQLiteError) {
        try database.execute("COMMIT")
        open = false
    }

    /// Rolls everything of this job back.
    package func rollback() {
        guard open else { return }
        open = false
        try? database.execute("ROLLBACK")
    }
}

@available(*, unavailable)
extension SQLiteImportTransaction: Sendable {}
