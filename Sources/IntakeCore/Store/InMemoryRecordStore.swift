import Synchronization

/// A workspace store held in memory, for tests and for an engine that needs no
/// files: the records of each type by id, the entries of each applied job by
/// row, and the applied jobs, with the SQL backends' rules (an id stored twice
/// by one job is a `duplicate_id`, a later job rewrites the record; nothing of
/// a job is visible before its commit). `StorageContractTests` runs one set of
/// assertions against it, SQLite and PostgreSQL. Safe to share between threads
/// (one lock around the state); one job's transaction is open at a time.
package final class InMemoryRecordStore: RecordStore, Sendable {
    /// A stored record: its fields' values as text (integers in decimal), and
    /// the job that last wrote it.
    package struct Record: Sendable {
        package var values: [String?]
        package var sequence: Int64
    }

    /// Everything the store holds.
    package struct Contents: Sendable {
        /// Applied jobs by sequence: the job and its type's API name.
        package var applied: [Int64: String] = [:]
        /// Entries by job sequence, then row.
        package var entries: [Int64: [Int: StoredEntry]] = [:]
        /// Records by type name, then id.
        package var records: [String: [String: Record]] = [:]
        /// Whether a job's transaction is open.
        package var importing = false
    }

    package let workspace: String
    private let contents = Mutex(Contents())

    /// An empty store of `workspace`.
    package init(workspace: String) { self.workspace = workspace }

    package func appliedSequence(job: String) -> Int64? {
        contents.withLock { $0.applied.first { $0.value == job }?.key }
    }

    /// Opens the job's transaction; its sequence follows the highest applied
    /// one (as SQLite's `INTEGER PRIMARY KEY`). Throws when the job was applied
    /// already or another job's transaction is open.
    package func beginImport(job: String, schema: RecordSchema, at time: Timestamp) throws -> any ImportTransaction {
        let sequence = try contents.withLock { contents throws(StorageError) -> Int64 in
            guard !contents.importing else {
                throw StorageError("the in-memory store of \(workspace) has a job's transaction open; one job imports at a time")
            }
            guard !contents.applied.values.contains(job) else {
                throw StorageError("job \(job) is already applied in the in-memory store of \(workspace)")
            }
            contents.importing = true
            return (contents.applied.keys.max() ?? 0) + 1
        }
        return InMemoryImportTransaction(store: self, job: job, schema: schema, sequence: sequence)
    }

    package func entries(sequence: Int64, after: Int?, failedOnly: Bool, limit: Int?) -> any EntryCursor {
        let stored = contents.withLock { $0.entries[sequence] ?? [:] }
        var rows = stored.keys.sorted().filter { $0 > (after ?? -1) }.compactMap { stored[$0] }
        if failedOnly { rows = rows.filter { $0.status == "FAILED" } }
        if let limit, limit >= 0 { rows = Array(rows.prefix(limit)) }
        return InMemoryEntryCursor(rows)
    }

    package func countEntries(sequence: Int64) -> Int {
        contents.withLock { $0.entries[sequence]?.count ?? 0 }
    }

    package func deleteEntries(sequence: Int64) {
        contents.withLock { _ = $0.entries.removeValue(forKey: sequence) }
    }

    package func extra(type: ImportType, recordID: String, sequence: Int64) -> String? {
        guard let field = type.schema.extraField else { return nil }
        return contents.withLock { contents in
            guard let record = contents.records[type.name]?[recordID], record.sequence == sequence else { return nil }
            return record.values[field]
        }
    }

    /// Memory holds no pages to check: the applied jobs, and what each job
    /// sequence holds (a type without records is absent, as SQL's GROUP BY gives it).
    package func audit() -> StoreAudit {
        contents.withLock { contents in
            var audit = StoreAudit()
            audit.jobs = contents.applied
            for (sequence, rows) in contents.entries where !rows.isEmpty { audit.entries[sequence] = rows.count }
            for (type, records) in contents.records {
                for record in records.values { audit.records[type, default: [:]][record.sequence, default: 0] += 1 }
            }
            return audit
        }
    }

    /// Changes the contents under the lock (the transaction's commit and end).
    package func update<R: Sendable>(_ body: (inout Contents) throws(StorageError) -> R) throws(StorageError) -> R {
        try contents.withLock { contents throws(StorageError) -> R in try body(&contents) }
    }
}

/// Reads entries taken from the store when the cursor was made.
package final class InMemoryEntryCursor: EntryCursor {
    private var rows: IndexingIterator<[StoredEntry]>

    package init(_ rows: [StoredEntry]) { self.rows = rows.makeIterator() }

    package func next() -> StoredEntry? { rows.next() }
}

@available(*, unavailable)
extension InMemoryEntryCursor: Sendable {}
