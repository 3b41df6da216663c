import IntakeCore
import IntakeSystem
/// `data/WORKSPACE.sqlite`: one customer's records, one table per import type,
/// `entries` (one per row of every job) and `applied_jobs` (jobs whose
/// transaction committed). Only one job writes at a time: the workspace lock.
public final class SQLiteStore: RecordStore {
    package let database: Database
    /// The workspace.
    public let workspace: String
    /// How commits are made durable now: `wal` or `truncate` (see ``prepareImport(expectedBytes:)``).
    package private(set) var journalMode: String

    /// Documents smaller than this commit through a write-ahead log, bigger
    /// ones through a rollback journal (``prepareImport(expectedBytes:)``).
    package static let writeAheadLimit: Int64 = 1 << 20

    /// Opens (creating and migrating) the store of `workspace`. A store left in
    /// WAL mode stays in it; any other uses the rollback journal, truncated.
    public init(root: Root, workspace: String, busyTimeoutMilliseconds: Int32 = 10_000) throws {
        self.workspace = workspace
        database = try Database(path: root.store(workspace), busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        try database.execute("""
            PRAGMA page_size = 16384; PRAGMA synchronous = FULL; PRAGMA cache_size = -16384;
            PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 256
            """)
        journalMode = try database.pragmaText("PRAGMA journal_mode")
        if journalMode != "wal" { journalMode = try database.pragmaText("PRAGMA journal_mode = TRUNCATE") }
        try SQLiteStore.migrations.apply(to: database)
    }

    /// Picks the journal for the next job's commit, both `synchronous = FULL`:
    /// a small document commits through the write-ahead log (one `fdatasync`
    /// of the log; a rollback journal takes five: the journal twice, the
    /// database, the journal's truncation), a big one through the rollback
    /// journal (a log would write every page twice: into the log, then into the
    /// database at the checkpoint). Leaving WAL needs every other connection
    /// closed; when one is open (an `intake` command reading the store) the job
    /// commits through the log.
    public func prepareImport(expectedBytes: Int64?) throws {
        let wanted = (expectedBytes ?? 0) < SQLiteStore.writeAheadLimit ? "wal" : "truncate"
        guard wanted != journalMode else { return }
        if let mode = try? database.pragmaText("PRAGMA journal_mode = \(wanted)"), !mode.isEmpty { journalMode = mode }
    }

    /// Whether `data/WORKSPACE.sqlite` was removed or replaced since it was opened.
    public var hasMoved: Bool { database.hasMoved }

    /// Frees the page cache of the last job (up to 16 MiB after a big one)
    /// while the store waits, open, for the next: dozens of stores are kept
    /// open, and a small job reads its few pages again at less cost than
    /// ~200 KiB kept per idle store.
    public func trimMemory() {
        database.releaseMemory()
    }

    /// The sequence number of an applied job, or nil when its transaction never committed.
    public func appliedSequence(job: String) throws(SQLiteError) -> Int64? {
        let statement = try database.prepare("SELECT seq FROM applied_jobs WHERE job_id = ?")
        try statement.bind(1, job)
        guard try statement.step() else { return nil }
        return statement.int64(0)
    }

    /// Starts the one transaction of a job: records it in `applied_jobs` (visible
    /// only if it commits) and prepares the statements the rows reuse.
    public func beginImport(job: String, schema: RecordSchema, at time: Timestamp) throws -> any ImportTransaction {
        try database.execute("BEGIN IMMEDIATE")
        do {
            let insertJob = try database.prepare("INSERT INTO applied_jobs (job_id, type, applied_at) VALUES (?, ?, ?)")
            try insertJob.bind(1, job)
            try insertJob.bind(2, schema.type.apiType)
            try insertJob.bind(3, time.rfc3339)
            try insertJob.run()
            return try SQLiteImportTransaction(database: database, sequence: database.lastInsertRowID, schema: schema)
        } catch {
            try? database.execute("ROLLBACK")
            throw error
        }
    }

    /// The entries of an applied job in row order, for rebuilding its reports.
    ///
    /// An entry's `id` is `job_seq << 32 | row`, so one job's entries are one
    /// range of the table's own key: appended in order, read without an index.
    public func entries(sequence: Int64, after: Int?, failedOnly: Bool, limit: Int?) throws(SQLiteError) -> any EntryCursor {
        let filter = failedOnly ? " AND failed = 1" : ""
        let statement = try database.prepare(
            "SELECT row, line, record_id, status, issues FROM entries WHERE id BETWEEN ? AND ?\(filter) ORDER BY id LIMIT ?")
        let (first, last) = EntryKey.range(sequence: sequence, after: after)
        try statement.bind(1, first)
        try statement.bind(2, last)
        try statement.bind(3, limit ?? -1)
        return SQLiteEntryCursor(statement: statement)
    }

    public func extra(type: ImportType, recordID: String, sequence: Int64) throws(SQLiteError) -> String? {
        guard let column = type.schema.extraColumn else { return nil }
        let id = type.schema.fields[type.schema.idField].storeColumn
        let statement = try database.prepare("SELECT \(column) FROM \(type.name) WHERE \(id) = ? AND job_seq = ?")
        try statement.bind(1, recordID)
        try statement.bind(2, sequence)
        guard try statement.step() else { return nil }
        return statement.text(0)
    }

    /// Number of stored entries of an applied job.
    public func countEntries(sequence: Int64) throws(SQLiteError) -> Int {
        let statement = try database.prepare("SELECT count(*) FROM entries WHERE id BETWEEN ? AND ?")
        let (first, last) = EntryKey.range(sequence: sequence)
        try statement.bind(1, first)
        try statement.bind(2, last)
        guard try statement.step() else { return 0 }
        return statement.int(0)
    }

    /// Deletes the entries of an applied job (retention); its records stay.
    public func deleteEntries(sequence: Int64) throws(SQLiteError) {
        let statement = try database.prepare("DELETE FROM entries WHERE id BETWEEN ? AND ?")
        let (first, last) = EntryKey.range(sequence: sequence)
        try statement.bind(1, first)
        try statement.bind(2, last)
        try statement.run()
    }

    /// The integrity check, then the applied jobs and what each job sequence holds.
    public func audit() throws(SQLiteError) -> StoreAudit {
        var audit = StoreAudit()
        audit.integrityProblem = try database.integrityProblem()
        guard audit.integrityProblem == nil else { return audit }
        let jobs = try database.prepare("SELECT seq, job_id FROM applied_jobs")
        while try jobs.step() { audit.jobs[jobs.int64(0)] = jobs.text(1) ?? "" }
        let entries = try database.prepare("SELECT id >> 32, count(*) FROM entries GROUP BY id >> 32")
        while try entries.step() { audit.entries[entries.int64(0)] = entries.int(1) }
        for type in ImportType.allCases {
            let records = try database.prepare("SELECT job_seq, count(*) FROM \(type.name) GROUP BY job_seq")
            while try records.step() { audit.records[type.name, default: [:]][records.int64(0)] = records.int(1) }
        }
        return audit
    }
}

/// Reads stored entries one at a time.
package final class SQLiteEntryCursor: EntryCursor {
    private let statement: Statement

    package init(statement: Statement) { self.statement = statement }

    /// The next stored entry, nil at the end.
    package func next() throws(SQLiteError) -> StoredEntry? {
        guard try statement.step() else { return nil }
        return StoredEntry(
            row: statement.int(0), line: statement.isNull(1) ? nil : statement.int(1),
            recordID: statement.text(2), status: statement.text(3) ?? "", issuesJSON: statement.text(4))
    }
}

@available(*, unavailable)
extension SQLiteStore: Sendable {}
