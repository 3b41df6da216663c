import IntakeCore
import IntakeSystem
/// One job's open transaction in a PostgreSQL store. Records go in one batch
/// at a time: a binary `COPY` into a session-local staging table
/// (``PostgresStaging``, emptied by the same round trip that starts the next
/// batch's `COPY`), then one `INSERT … SELECT … ON CONFLICT` into the type's
/// table, prepared once per connection. Entries are
/// encoded for a binary `COPY` straight into `entries` and sent when
/// ``entriesFlushSize`` bytes have gathered, or at commit. No row is a round
/// trip of its own, and a batch of a large job is two round trips: the
/// `TRUNCATE`, the `COPY` and an `EXECUTE` of the upsert go in one query string.
///
/// `duplicate_id` is exactly SQLite's: an id that appears twice in a batch is
/// staged once (its first row) and the later rows are duplicates; a staged
/// row whose id this job already stored in an earlier batch is not updated
/// (the conflict's `WHERE job_seq <> EXCLUDED.job_seq`) and is a duplicate
/// too. The upsert returns the ids it stored; only when it stored fewer rows
/// than were staged are they read, to find which.
package final class PostgresImportTransaction: ImportTransaction {
    /// Entries gathered before they are sent (one `COPY` per 1 MiB, about 20,000 entries).
    package static let entriesFlushSize = 1 << 20

    package let sequence: Int64
    private let connection: PostgresConnection
    private let columns: CopyColumns
    private var narrow: PostgresStaging
    private var wide: PostgresStaging
    private let copyEntries: String
    private let idField: Int
    private var values: RecordValues
    private var records: [UInt8] = []
    private var entries: [UInt8] = []
    private var staged: [Int] = []
    private var seen = StagedIDs()
    private var open = true

    /// The session-local staging table of `schema`'s type, made if missing;
    /// run by ``PostgresStore/beginImport(job:schema:at:)`` in its first round trip.
    package static func stageDDL(store: String, schema: RecordSchema) -> String {
        PostgresStaging(store: store, schema: schema, wide: false).ddl
    }

    package init(store: PostgresStore, sequence: Int64, schema: RecordSchema) throws {
        self.sequence = sequence
        connection = store.connection
        idField = schema.idField
        values = RecordValues(count: schema.fields.count)
        let table = "\(store.schema).\(schema.type.name)"
        let names = schema.storeColumns
        columns = try store.copyColumns(table: table, columns: names)
        narrow = PostgresStaging(store: store.schema, schema: schema, wide: false)
        wide = PostgresStaging(store: store.schema, schema: schema, wide: true)
        copyEntries = "COPY \(store.schema).entries (id, line, record_id, failed, issues) FROM STDIN (FORMAT binary)"
        try store.checkEntryColumns()
        records.reserveCapacity(1 << 20)
        entries.reserveCapacity(Self.entriesFlushSize + (1 << 16))
    }

    deinit { rollback() }

    package func upsertRecords(of batch: RowBatch, arena: UnsafeBufferPointer<UInt8>, duplicates: inout [Bool]) throws {
        // Locals in the loop: a stored property of a class is an exclusivity check per access.
        var records: [UInt8] = []
        var values = RecordValues(count: 0)
        var seen = StagedIDs()
        swap(&records, &self.records)
        swap(&values, &self.values)
        swap(&seen, &self.seen)
        defer {
            swap(&records, &self.records)
            swap(&values, &self.values)
            swap(&seen, &self.seen)
        }
        records.removeAll(keepingCapacity: true)
        records.append(contentsOf: CopyBinary.header)
        staged.removeAll(keepingCapacity: true)
        seen.reset(capacity: batch.count)
        let fields = 1 + values.count + 1
        var widest = 0
        for row in 0..<batch.count where !batch.issues[row].hasError {
            let id = batch.text(row: row, field: idField, arena: arena)
            guard seen.insert(id) else {
                duplicates[row] = true
                continue
            }
            duplicates[row] = false
            staged.append(row)
            batch.values(row: row, arena: arena, into: &values)
            let start = records.count
            CopyBinary.appendRowStart(fields: fields, to: &records)
            CopyBinary.appendInt32(Int32(truncatingIfNeeded: row), to: &records)
            for index in 0..<values.count { try columns.append(values[index], column: index, to: &records) }
            CopyBinary.appendInt64(sequence, to: &records)
            widest = max(widest, records.count - start)
        }
        guard !staged.isEmpty else { return }
        records.append(contentsOf: CopyBinary.trailer)
        let isWide = widest > PostgresStaging.narrowRowLimit
        let sql = isWide ? try wide.batchSQL(on: connection) : try narrow.batchSQL(on: connection)
        let count = staged.count
        let stored = try records.withUnsafeBufferPointer { (data) throws(PostgresError) in
            try connection.copy(sql, data: data, then: { $0 != count })
        }
        guard stored.affected != count else { return }
        // Some staged ids were stored by an earlier batch of this job: those rows are duplicates.
        var written = Set<[UInt8]>(minimumCapacity: stored.count)
        for index in 0..<stored.count { if let id = stored.text(index, 0) { written.insert(Array(id.utf8)) } }
        for row in staged where !written.contains(Self.storedText(batch.text(row: row, field: idField, arena: arena))) {
            duplicates[row] = true
        }
    }

    /// An id as PostgreSQL stores it (valid UTF-8, no NUL): two ids the
    /// server would hold as one text must be one id here too.
    private static func storedText(_ id: UnsafeBufferPointer<UInt8>?) -> [UInt8] {
        guard let id else { return [] }
        if CopyBinary.isPlainASCII(id) { return Array(id) }
        var text: [UInt8] = []
        CopyText.appendValidUTF8(id, escaping: false, to: &text)
        return text
    }

    package func insertEntry(
        row: Int, line: Int?, recordID: UnsafeBufferPointer<UInt8>?, failed: Bool, issuesJSON: String?
    ) throws {
        var entries: [UInt8] = []
        swap(&entries, &self.entries)
        defer { swap(&entries, &self.entries) }
        if entries.isEmpty { entries.append(contentsOf: CopyBinary.header) }
        CopyBinary.appendRowStart(fields: 5, to: &entries)
        CopyBinary.appendInt64(EntryKey.id(sequence: sequence, row: row), to: &entries)
        if let line { CopyBinary.appendInt64(Int64(line), to: &entries) } else { CopyBinary.appendNull(to: &entries) }
        CopyBinary.appendText(recordID, to: &entries)
        CopyBinary.appendInt32(failed ? 1 : 0, to: &entries)
        CopyBinary.appendText(issuesJSON, to: &entries)
    }

    /// Sends the entries once ``entriesFlushSize`` bytes have gathered.
    package func finishBatch() throws {
        if entries.count >= Self.entriesFlushSize { try sendEntries() }
    }

    private func sendEntries() throws {
        guard !entries.isEmpty else { return }
        entries.append(contentsOf: CopyBinary.trailer)
        _ = try entries.withUnsafeBufferPointer { (data) throws(PostgresError) in try connection.copy(copyEntries, data: data) }
        entries.removeAll(keepingCapacity: true)
    }

    package func commit() throws {
        try sendEntries()
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
