import IntakeCore
import IntakeSystem
/// One workspace's store in PostgreSQL mode: schema `ws_WORKSPACE`, the same
/// tables as SQLite's store. Its connection is the session the workspace lock
/// is taken on (``AdvisoryLocks``), so the lock and a job's transaction end
/// together.
public final class PostgresStore: RecordStore {
    package let connection: PostgresConnection
    public let workspace: String
    /// `"ws_WORKSPACE"`, quoted.
    package let schema: String

    /// The binary COPY columns of each table, read once per connection.
    private var copyColumnsByTable: [String: CopyColumns] = [:]

    /// Opens the store of `workspace` on `connection`, creating and migrating its schema.
    package init(connection: PostgresConnection, workspace: String) throws {
        self.connection = connection
        self.workspace = workspace
        let name = PostgresSchema.storeSchema(workspace)
        schema = PostgresSchema.quoted(name)
        try PostgresSchema.migrate(name, migrations: PostgresSchema.storeMigrations, searchPath: name, on: connection)
    }

    /// The kinds of `columns` of `table` for a binary COPY (read from the server on first use).
    package func copyColumns(table: String, columns: [String]) throws -> CopyColumns {
        let key = table + "(" + columns.joined(separator: ",") + ")"
        if let known = copyColumnsByTable[key] { return known }
        let read = try CopyColumns(table: table, columns: columns, on: connection)
        copyColumnsByTable[key] = read
        return read
    }

    /// Checks that `entries` has the columns ``PostgresImportTransaction`` writes in binary.
    package func checkEntryColumns() throws {
        let entries = try copyColumns(table: "\(schema).entries", columns: ["id", "line", "record_id", "failed", "issues"])
        guard entries.kinds == [.bigint, .bigint, .text, .integer, .text] else {
            throw StorageError("the entries table of \(schema) does not have the columns this Intake writes (\(entries.kinds))")
        }
    }

    public func appliedSequence(job: String) throws -> Int64? {
        let rows = try connection.query("SELECT seq FROM \(schema).applied_jobs WHERE job_id = $1", [job])
        return rows.count == 0 ? nil : rows.int64(0, 0)
    }

    /// Begins the job's transaction and makes the type's staging table in one round trip.
    public func beginImport(job: String, schema recordSchema: RecordSchema, at time: Timestamp) throws -> any ImportTransaction {
        try connection.execute("BEGIN; " + PostgresImportTransaction.stageDDL(store: schema, schema: recordSchema))
        do {
            let rows = try connection.runCached(
                "INSERT INTO \(schema).applied_jobs (job_id, type, applied_at) VALUES ($1, $2, $3) RETURNING seq",
                [job, recordSchema.type.apiType, time.rfc3339])
            guard let sequence = rows.int64(0, 0) else { throw StorageError("applied_jobs gave no sequence for job \(job)") }
            return try PostgresImportTransaction(store: self, sequence: sequence, schema: recordSchema)
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    public func entries(sequence: Int64, after: Int?, failedOnly: Bool, limit: Int?) throws -> any EntryCursor {
        PostgresEntryCursor(store: self, sequence: sequence, after: after, failedOnly: failedOnly, limit: limit)
    }

    public func extra(type: ImportType, recordID: String, sequence: Int64) throws -> String? {
        guard let column = type.schema.extraColumn else { return nil }
        let id = type.schema.fields[type.schema.idField].storeColumn
        let rows = try connection.query(
            "SELECT \(column) FROM \(schema).\(type.name) WHERE \(id) = $1 AND job_seq = $2", [recordID, String(sequence)])
        return rows.count == 0 ? nil : rows.text(0, 0)
    }

    public func countEntries(sequence: Int64) throws -> Int {
        let (first, last) = EntryKey.range(sequence: sequence)
        return try connection.query(
            "SELECT count(*) FROM \(schema).entries WHERE id BETWEEN $1 AND $2", [String(first), String(last)]).int(0, 0) ?? 0
    }

    public func deleteEntries(sequence: Int64) throws {
        let (first, last) = EntryKey.range(sequence: sequence)
        _ = try connection.query("DELETE FROM \(schema).entries WHERE id BETWEEN $1 AND $2", [String(first), String(last)])
    }

    /// PostgreSQL has no whole-database integrity check: its constraints
    /// (keys, NOT NULL, one `applied_jobs` row per job) hold by construction;
    /// what the audit adds is the agreement of entries and records with
    /// `applied_jobs`, read here with SQL.
    public func audit() throws -> StoreAudit {
        var audit = StoreAudit()
        let jobs = try connection.query("SELECT seq, job_id FROM \(schema).applied_jobs")
        for row in 0..<jobs.count { if let seq = jobs.int64(row, 0) { audit.jobs[seq] = jobs.text(row, 1) ?? "" } }
        let entries = try connection.query("SELECT id >> 32, count(*) FROM \(schema).entries GROUP BY 1")
        for row in 0..<entries.count { if let seq = entries.int64(row, 0) { audit.entries[seq] = entries.int(row, 1) ?? 0 } }
        for type in ImportType.allCases {
            let records = try connection.query("SELECT job_seq, count(*) FROM \(schema).\(type.name) GROUP BY job_seq")
            for row in 0..<records.count {
                if let seq = records.int64(row, 0) { audit.records[type.name, default: [:]][seq] = records.int(row, 1) ?? 0 }
            }
        }
        return audit
    }
}

@available(*, unavailable)
extension PostgresStore: Sendable {}

/// Reads a job's entries in pages of ``pageSize`` rows by key, so a job of
/// millions of rows is read in bounded memory.
package final class PostgresEntryCursor: EntryCursor {
    package static let pageSize = 10_000
    private let store: PostgresStore
    private let failedOnly: Bool
    private var remaining: Int?
    private var nextKey: Int64
    private let last: Int64
    private var page: PostgresRows?
    private var index = 0
    private var exhausted = false

    package init(store: PostgresStore, sequence: Int64, after: Int?, failedOnly: Bool, limit: Int?) {
        self.store = store
        self.failedOnly = failedOnly
        remaining = limit
        (nextKey, last) = EntryKey.range(sequence: sequence, after: after)
    }

    package func next() throws -> StoredEntry? {
        if remaining == 0 { return nil }
        if page == nil || index >= page?.count ?? 0 {
            guard !exhausted else { return nil }
            let size = min(Self.pageSize, remaining ?? Self.pageSize)
            let rows = try store.connection.query("""
                SELECT id, line, record_id, failed, issues FROM \(store.schema).entries
                WHERE id BETWEEN $1 AND $2\(failedOnly ? " AND failed = 1" : "") ORDER BY id LIMIT $3
                """, [String(nextKey), String(last), String(size)])
            page = rows
            index = 0
            exhausted = rows.count < size
            guard rows.count > 0 else { return nil }
        }
        guard let rows = page else { return nil }
        let id = rows.int64(index, 0) ?? 0
        let entry = StoredEntry(
            row: Int(id & 0xFFFF_FFFF), line: rows.int(index, 1), recordID: rows.text(index, 2),
            status: rows.int(index, 3) == 0 ? "SUCCESS" : "FAILED", issuesJSON: rows.text(index, 4))
        index += 1
        nextKey = id + 1
        if let left = remaining { remaining = left - 1 }
        return entry
    }
}
