import Foundation

/// One workspace's store: its records, one table per import type, `entries`
/// (one per row of every job) and `applied_jobs` (jobs whose transaction
/// committed). Only one job writes at a time: the workspace lock.
/// ``SQLiteStore`` (`data/WORKSPACE.sqlite`) and ``PostgresStore`` (schema
/// `ws_WORKSPACE`) implement it.
public protocol RecordStore: AnyObject {
    /// The workspace.
    var workspace: String { get }
    /// The sequence number of an applied job, or nil when its transaction never committed.
    func appliedSequence(job: String) throws -> Int64?
    /// Starts the one transaction of a job: records it in `applied_jobs`
    /// (visible only if it commits).
    func beginImport(job: String, schema: RecordSchema, at time: Timestamp) throws -> any ImportTransaction
    /// The entries of an applied job in row order, after row `after` when
    /// given (a page's cursor: a seek on the entries' key, not a scan), read
    /// as they are needed.
    func entries(sequence: Int64, after: Int?, failedOnly: Bool, limit: Int?) throws -> any EntryCursor
    /// Number of stored entries of an applied job.
    func countEntries(sequence: Int64) throws -> Int
    /// Deletes the entries of an applied job (retention); its records stay.
    func deleteEntries(sequence: Int64) throws
    /// The `extra` JSON of the record `recordID` of `type` as job `sequence`
    /// stored it, nil when the type keeps none, the record has none, or a
    /// later job rewrote it.
    func extra(type: ImportType, recordID: String, sequence: Int64) throws -> String?
    /// What `intake verify` checks: the database's own integrity check, the
    /// applied jobs, and how many entries and records each job sequence holds.
    func audit() throws -> StoreAudit
    /// Called before ``beginImport(job:schema:at:)`` with the size of the
    /// document about to be imported, so the store can pick how it commits
    /// (SQLite: a write-ahead log for small jobs, a rollback journal for big ones).
    func prepareImport(expectedBytes: Int64?) throws
    /// Gives back memory kept for the last job (a big job's page cache) before
    /// the store waits, open, for its workspace's next job.
    func trimMemory()
    /// Whether the store's file was removed or replaced since it was opened
    /// (`intake erase`): a store kept open between jobs is then closed, not used.
    var hasMoved: Bool { get }
}

extension RecordStore {
    /// Nothing to choose by default.
    public func prepareImport(expectedBytes: Int64?) throws {}

    /// Nothing kept by default.
    public func trimMemory() {}

    /// A store without a file of its own never moves.
    public var hasMoved: Bool { false }

    /// Every entry of an applied job in row order.
    public func entries(sequence: Int64) throws -> any EntryCursor {
        try entries(sequence: sequence, after: nil, failedOnly: false, limit: nil)
    }

    /// The entries of an applied job from its first row.
    public func entries(sequence: Int64, failedOnly: Bool, limit: Int?) throws -> any EntryCursor {
        try entries(sequence: sequence, after: nil, failedOnly: failedOnly, limit: limit)
    }
}

/// One job's open transaction in a workspace store: records, entries and the
/// `applied_jobs` row commit together or not at all.
public protocol ImportTransaction: AnyObject {
    /// The job's sequence number in `applied_jobs`, stored on every entry and record.
    var sequence: Int64 { get }
    /// Upserts the records of the rows of `batch` that have no error, in row
    /// order, and sets `duplicates[row]` for each of them: true when this job
    /// already stored the same id (a `duplicate_id` row, nothing written),
    /// false when the record was stored. `duplicates` has `batch.count` slots.
    func upsertRecords(of batch: RowBatch, arena: UnsafeBufferPointer<UInt8>, duplicates: inout [Bool]) throws
    /// Adds the entry of one row. Text is copied or written before this returns.
    func insertEntry(
        row: Int, line: Int?, recordID: UnsafeBufferPointer<UInt8>?, failed: Bool, issuesJSON: String?) throws
    /// Ends a batch of rows: entries held back for one bulk write go out.
    func finishBatch() throws
    /// Commits: the job's records, entries and `applied_jobs` row become durable together.
    func commit() throws
    /// Rolls everything of this job back.
    func rollback()
}

/// Reads stored entries one at a time.
public protocol EntryCursor: AnyObject {
    /// The next stored entry, nil at the end.
    func next() throws -> StoredEntry?
}

/// One row's stored result.
public struct StoredEntry: Equatable, Sendable {
    public let row: Int
    public let line: Int?
    public let recordID: String?
    public let status: String
    public let issuesJSON: String?

    public init(row: Int, line: Int?, recordID: String?, status: String, issuesJSON: String?) {
        self.row = row
        self.line = line
        self.recordID = recordID
        self.status = status
        self.issuesJSON = issuesJSON
    }
}

/// What a store holds, for `intake verify`.
public struct StoreAudit: Equatable, Sendable {
    /// The database's integrity check, nil when it says ok (nothing else is read then).
    public var integrityProblem: String?
    /// Applied jobs by sequence.
    public var jobs: [Int64: String] = [:]
    /// Entries per job sequence.
    public var entries: [Int64: Int] = [:]
    /// Records per import type and job sequence.
    public var records: [String: [Int64: Int]] = [:]

    public init() {}
}

/// The key of one entry: `job_seq << 32 | row`, so one job's entries are one
/// range of the table's own key, appended in order (both backends).
package enum EntryKey {
    package static func id(sequence: Int64, row: Int) -> Int64 {
        precondition(row >= 0 && row <= Int(UInt32.max), "a document has at most 2^32 rows")
        return sequence << 32 | Int64(row)
    }

    /// The first and last keys of a job's entries.
    package static func range(sequence: Int64) -> (Int64, Int64) {
        (id(sequence: sequence, row: 0), id(sequence: sequence, row: Int(UInt32.max)))
    }

    /// The keys of a job's entries after row `after` (all of them when nil);
    /// an empty range (first > last) when `after` is the last row there can be.
    package static func range(sequence: Int64, after: Int?) -> (Int64, Int64) {
        let (first, last) = range(sequence: sequence)
        guard let after, after >= 0 else { return (first, last) }
        return after >= Int(UInt32.max) ? (last + 1, last) : (id(sequence: sequence, row: after + 1), last)
    }
}

extension RecordSchema {
    /// The store column of the ``FieldKind/extra`` field, if the type has one.
    package var extraColumn: String? { extraField.map { fields[$0].storeColumn } }

    /// The columns of the type's table, in field order, then `job_seq` (the
    /// job that last wrote the record): both backends.
    package var storeColumns: [String] { fields.map(\.storeColumn) + ["job_seq"] }
}

extension FieldDefinition {
    /// The store column of a field: nested names joined with `_`
    /// (`bank_details_bank_name`), decimals kept exactly as integer minor units.
    package var storeColumn: String {
        let column = name.replacingOccurrences(of: ".", with: "_")
        return kind == .decimal ? column + "_minor" : column
    }
}

extension StoredEntry {
    /// The entry as one `intake entries --json` line (and the API's entry
    /// attributes): row, line, id, status, issues, and `extra` when given.
    package func json(extra: String?) -> JSONValue {
        .object([
            ("row", .int(row)), ("line", .nullable(line)), ("id", .nullable(recordID)),
            ("status", .string(status)), ("issues", .written(issuesJSON ?? "[]")),
            ("extra", extra.map(JSONValue.written) ?? .absent),
        ])
    }
}
