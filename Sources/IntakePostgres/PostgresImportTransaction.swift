import IntakeCore
import IntakeSystem
/// One job's open transaction in a PostgreSQL store. Records go in one batch
/// at a time: `COPY` into a session-local staging table, then one
/// `INSERT … SELECT … ON CONFLICT` into the type's table that returns which
/// staged rows it stored; entries go in with one `COPY` per batch. No row is a
/// round trip of its own.
///
/// `duplicate_id` is exactly SQLite's: an id that appears twice in a batch is
/// staged once (its first row) and the later rows are duplicates; a staged
/// row whose id this job already stored in an earlier batch is not updated
/// (the conflict's `WHERE job_seq <> EXCLUDED.job_seq`) and is a duplicate too.
package final class PostgresImportTransaction: ImportTransaction {
    package let sequence: Int64
    private let connection: PostgresConnection
    private let stage: String
    private let copyRecords: String
    private let upsert: String
    private let copyEntries: String
    private let idField: Int
    private var values: RecordValues
    private var records: [UInt8] = []
    private var entries: [UInt8] = []
    private var staged: [Int] = []
    private var seen = Set<[UInt8]>()
    private var open = true

    package init(store: PostgresStore, sequence: Int64, schema: RecordSchema) throws {
        self.sequence = sequence
        connection = store.connection
        idField = schema.idField
        values = RecordValues(count: schema.fields.count)
        let table = "\(store.schema).\(schema.type.name)"
        let columns = schema.storeColumns
        let id = columns[schema.idField]
        let list = columns.joined(separator: ", ")
        stage = "intake_stage_" + schema.type.name
        // Session-local and emptied at every commit; made again if a rollback undid it.
        try connection.execute(
            "CREATE TEMP TABLE IF NOT EXISTS \(stage) (stage_row INTEGER NOT NULL, LIKE \(table)) ON COMMIT DELETE ROWS")
        copyRecords = "COPY \(stage) (stage_row, \(list)) FROM STDIN"
        let updates = columns.filter { $0 != id }.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
        upsert = """
            WITH stored AS (
                INSERT INTO \(table) (\(list)) SELECT \(list) FROM \(stage)
                ON CONFLICT (\(id)) DO UPDATE SET \(updates) WHERE \(table).job_seq <> EXCLUDED.job_seq
                RETURNING \(id))
            SELECT s.stage_row FROM \(stage) s JOIN stored USING (\(id))
            """
        copyEntries = "COPY \(store.schema).entries (id, line, record_id, failed, issues) FROM STDIN"
        records.reserveCapacity(1 << 20)
        entries.reserveCapacity(1 << 18)
    }

    deinit { rollback() }

    package func upsertRecords(of batch: RowBatch, arena: UnsafeBufferPointer<UInt8>, duplicates: inout [Bool]) throws {
        records.removeAll(keepingCapacity: true)
        staged.removeAll(keepingCapacity: true)
        seen.removeAll(keepingCapacity: true)
        for row in 0..<batch.count where !batch.issues[row].hasError {
            let id = batch.text(row: row, field: idField, arena: arena)
            guard seen.insert(id.map(Array.init) ?? []).inserted else {
                duplicates[row] = true
                continue
            }
            duplicates[row] = false
            staged.append(row)
            batch.values(row: row, arena: arena, into: &values)
            CopyText.appendInteger(Int64(row), to: &records)
            for index in 0..<values.count {
                records.append(CopyText.fieldSeparator)
                switch values[index] {
                case .null: CopyText.appendField(nil as String?, to: &records)
                case .text(let bytes): CopyText.appendField(bytes, to: &records)
                case .integer(let value): CopyText.appendInteger(value, to: &records)
                }
            }
            records.append(CopyText.fieldSeparator)
            CopyText.appendInteger(sequence, to: &records)
            records.append(CopyText.rowEnd)
        }
        guard !staged.isEmpty else { return }
        try send(records, with: copyRecords)
        let stored = try connection.query(upsert)
        var written = Set<Int>(minimumCapacity: stored.count)
        for index in 0..<stored.count { if let row = stored.int(index, 0) { written.insert(row) } }
        for row in staged where !written.contains(row) { duplicates[row] = true }
        try connection.execute("TRUNCATE \(stage)")
    }

    package func insertEntry(
        row: Int, line: Int?, recordID: UnsafeBufferPointer<UInt8>?, failed: Bool, issuesJSON: String?
    ) throws {
        CopyText.appendInteger(EntryKey.id(sequence: sequence, row: row), to: &entries)
        entries.append(CopyText.fieldSeparator)
        if let line { CopyText.appendInteger(Int64(line), to: &entries) } else { CopyText.appendField(nil as String?, to: &entries) }
        entries.append(CopyText.fieldSeparator)
        CopyText.appendField(recordID, to: &entries)
        entries.append(CopyText.fieldSeparator)
        entries.append(failed ? UInt8(ascii: "1") : UInt8(ascii: "0"))
        entries.append(CopyText.fieldSeparator)
        CopyText.appendField(issuesJSON, to: &entries)
        entries.append(CopyText.rowEnd)
    }

    package func finishBatch() throws {
        guard !entries.isEmpty else { return }
        try send(entries, with: copyEntries)
        entries.removeAll(keepingCapacity: true)
    }

    private func send(_ bytes: [UInt8], with sql: String) throws {
        let copy = try connection.copyIn(sql)
        bytes.withUnsafeBufferPointer { copy.write($0) }
        _ = try copy.finish()
    }

    package func commit() throws {
        try finishBatch()
        try connection.execute("COMMIT")
        open = false
    }

    package func rollback() {
        guard open else { return }
        open = false
        if connection.isAlive { try? connection.execute("ROLLBACK") }
    }
}

@available(*, unavailable)
extension PostgresImportTransaction: Sendable {}
