/// One job's open transaction in an ``InMemoryRecordStore``: its records and
/// entries are kept aside and join the store together at ``commit()``, or
/// never (``rollback()``, or the transaction going away uncommitted).
package final class InMemoryImportTransaction: ImportTransaction {
    private let store: InMemoryRecordStore
    private let job: String
    private let typeName: String
    private let idField: Int
    package let sequence: Int64
    /// Records this job wrote, by id.
    private var records: [String: InMemoryRecordStore.Record] = [:]
    /// Entries this job wrote, by row.
    private var entries: [Int: StoredEntry] = [:]
    private var open = true
    /// One row's values, reused.
    private var values: RecordValues

    package init(store: InMemoryRecordStore, job: String, schema: RecordSchema, sequence: Int64) {
        self.store = store
        self.job = job
        typeName = schema.type.name
        idField = schema.idField
        self.sequence = sequence
        values = RecordValues(count: schema.fields.count)
    }

    deinit { rollback() }

    /// A record id this job already wrote is a `duplicate_id` (nothing
    /// written); any other is stored, replacing the record of an earlier job.
    package func upsertRecords(of batch: RowBatch, arena: UnsafeBufferPointer<UInt8>, duplicates: inout [Bool]) throws(StorageError) {
        for row in 0..<batch.count where !batch.issues[row].hasError {
            batch.values(row: row, arena: arena, into: &values)
            let texts = (0..<values.count).map { Self.text(values[$0]) }
            guard let id = texts[idField] else {
                throw StorageError("row \(row) of job \(job) has no record id; the validator requires one")
            }
            duplicates[row] = records[id] != nil
            if records[id] == nil { records[id] = InMemoryRecordStore.Record(values: texts, sequence: sequence) }
        }
    }

    package func insertEntry(
        row: Int, line: Int?, recordID: UnsafeBufferPointer<UInt8>?, failed: Bool, issuesJSON: String?
    ) throws(StorageError) {
        guard entries[row] == nil else {
            throw StorageError("job \(job) stored the entry of row \(row) twice (the key of an entry is its row)")
        }
        entries[row] = StoredEntry(
            row: row, line: line, recordID: recordID.map { String(decoding: $0, as: UTF8.self) },
            status: failed ? "FAILED" : "SUCCESS", issuesJSON: issuesJSON)
    }

    /// Nothing is held back between batches.
    package func finishBatch() {}

    package func commit() throws(StorageError) {
        guard open else { throw StorageError("job \(job)'s transaction has already ended; nothing was committed") }
        open = false
        try store.update { contents throws(StorageError) in
            contents.importing = false
            contents.applied[sequence] = job
            if !entries.isEmpty { contents.entries[sequence] = entries }
            contents.records[typeName, default: [:]].merge(records) { _, new in new }
        }
    }

    package func rollback() {
        guard open else { return }
        open = false
        try? store.update { $0.importing = false }
    }

    private static func text(_ value: FieldValue) -> String? {
        switch value {
        case .null: nil
        case .text(let bytes): String(decoding: bytes, as: UTF8.self)
        case .integer(let value): String(value)
        }
    }
}

@available(*, unavailable)
extension InMemoryImportTransaction: Sendable {}
