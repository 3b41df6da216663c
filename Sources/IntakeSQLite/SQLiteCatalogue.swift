import Foundation
import IntakeCore
import IntakeSystem

/// `index.sqlite`: the job catalogue of every workspace (WAL mode, short
/// transactions so `intake status` sees a running job's progress live).
public final class SQLiteCatalogue: JobCatalogue {
    package let database: Database
    private let saveStatement: Statement
    private let progressStatement: Statement
    private let findStatement: Statement
    private let dedupeStatement: Statement
    /// The webhooks a job that ends owes a delivery to.
    package let plan: WebhookPlan

    package static let columns = JobRecord.columns

    package static let endStates = CatalogueSQL.endStates

    /// Opens (creating and migrating) the catalogue of `root`.
    public init(root: Root, busyTimeoutMilliseconds: Int32 = 10_000, webhooks: WebhookPlan = WebhookPlan()) throws {
        plan = webhooks
        database = try Database(path: root.catalogue, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        // WAL with synchronous NORMAL: a commit is durable once the process has
        // returned from it (a crash of the process loses nothing); a power cut may
        // lose the last commits, which recovery settles from the stores (synchronous
        // FULL, the source of truth: `applied_jobs`) and the claimed files in work/.
        // It saves an fsync on each of a job's catalogue writes.
        try database.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON")
        try SQLiteCatalogue.migrations.apply(to: database)
        // A job that reaches an end state owes its hook (`hook_state` pending),
        // in the same statement that records the end, so a crash after it
        // leaves the hook for recovery; later saves of a finished job keep it.
        let updates = JobRecord.columnNames
            .filter { $0 != "job_id" && $0 != "hook_state" }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        saveStatement = try database.prepare("""
            INSERT INTO jobs (\(SQLiteCatalogue.columns)) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,
                CASE WHEN ?4 IN \(SQLiteCatalogue.endStates) THEN 'pending' END)
            ON CONFLICT(job_id) DO UPDATE SET \(updates),
                hook_state = CASE WHEN excluded.status IN \(SQLiteCatalogue.endStates) AND jobs.status NOT IN \(SQLiteCatalogue.endStates)
                             THEN 'pending' ELSE jobs.hook_state END
            """)
        progressStatement = try database.prepare("UPDATE jobs SET processed = ? WHERE job_id = ?")
        findStatement = try database.prepare("SELECT \(SQLiteCatalogue.columns) FROM jobs WHERE job_id = ?")
        dedupeStatement = try database.prepare(
            "SELECT job_id FROM jobs WHERE workspace = ? AND type = ? AND sha256 = ? AND status = 'DONE' ORDER BY queued_at LIMIT 1")
    }

    /// Writes the whole record (insert or replace), in its own short transaction,
    /// with the webhook deliveries a job that ends owes.
    public func save(_ job: JobRecord) throws {
        let urls = plan.urls(workspace: job.workspace, status: job.status)
        guard !urls.isEmpty else { return try write(job) }
        try database.transaction {
            try write(job)
            try oweDeliveries(job, urls: urls)
        }
    }

    private func write(_ job: JobRecord) throws(SQLiteError) {
        let s = saveStatement
        try s.bind(1, job.jobID)
        try s.bind(2, job.workspace)
        try s.bind(3, job.apiType)
        try s.bind(4, job.status.rawValue)
        try s.bind(5, job.sourceName)
        try s.bind(6, job.sourceFormat)
        try s.bind(7, job.sourceBytes)
        try s.bind(8, job.sha256)
        try s.bind(9, job.queuedAt.rfc3339)
        try s.bind(10, job.startedAt?.rfc3339)
        try s.bind(11, job.finishedAt?.rfc3339)
        try s.bind(12, job.total)
        try s.bind(13, job.processed)
        try s.bind(14, job.succeeded)
        try s.bind(15, job.failed)
        try s.bind(16, job.warnings)
        try s.bind(17, job.attempts)
        try s.bind(18, job.error.map(JobRecord.encode))
        try s.bind(19, job.workName)
        try s.bind(20, job.updatePayments.map { $0 ? 1 : 0 })
        try s.bind(21, job.retryOf)
        let texts = job.columnTexts
        try s.bind(22, texts[21])
        try s.bind(23, texts[22])
        try s.run()
    }

    /// Advances `processed` of a running job.
    public func setProcessed(_ processed: Int, job: String) throws(SQLiteError) {
        try progressStatement.bind(1, processed)
        try progressStatement.bind(2, job)
        try progressStatement.run()
    }

    /// One job by id.
    public func job(_ id: String) throws(SQLiteError) -> JobRecord? {
        try findStatement.bind(1, id)
        defer { findStatement.reset() }
        guard try findStatement.step() else { return nil }
        return SQLiteCatalogue.record(findStatement)
    }

    /// The earliest `DONE` job with the same content, workspace and type.
    public func doneJob(workspace: String, apiType: String, sha256: String) throws(SQLiteError) -> String? {
        try dedupeStatement.bind(1, workspace)
        try dedupeStatement.bind(2, apiType)
        try dedupeStatement.bind(3, sha256)
        defer { dedupeStatement.reset() }
        guard try dedupeStatement.step() else { return nil }
        return dedupeStatement.text(0)
    }

    public func jobs(_ filter: JobFilter) throws(SQLiteError) -> [JobRecord] {
        var conditions: [String] = filter.withFailedRows ? ["failed > 0"] : []
        var texts: [String] = []
        func condition(_ sql: String, _ values: [String]) {
            conditions.append(sql)
            texts += values
        }
        if let workspace = filter.workspace { condition("workspace = ?", [workspace]) }
        if let workspaces = filter.workspaces {
            condition("workspace IN (\(workspaces.map { _ in "?" }.joined(separator: ", ")))", workspaces)
        }
        if let status = filter.status { condition("status = ?", [status.rawValue]) }
        if let since = filter.since { condition("queued_at >= ?", [since.rfc3339]) }
        if let name = filter.nameContains { condition("instr(lower(source_name), lower(?)) > 0", [name]) }
        if let after = filter.after { condition("(queued_at, job_id) < (?, ?)", [after.queuedAt.rfc3339, after.jobID]) }
        let clause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let statement = try database.prepare(
            "SELECT \(SQLiteCatalogue.columns) FROM jobs \(clause) ORDER BY queued_at DESC, job_id DESC LIMIT ?")
        var index: Int32 = 1
        for text in texts {
            try statement.bind(index, text)
            index += 1
        }
        try statement.bind(index, filter.limit)
        var result: [JobRecord] = []
        while try statement.step() { result.append(SQLiteCatalogue.record(statement)) }
        return result
    }

    public func unfinishedJobs() throws(SQLiteError) -> [JobRecord] {
        let statement = try database.prepare(
            "SELECT \(SQLiteCatalogue.columns) FROM jobs WHERE status IN ('QUEUED','RUNNING','APPLIED') ORDER BY queued_at")
        var result: [JobRecord] = []
        while try statement.step() { result.append(SQLiteCatalogue.record(statement)) }
        return result
    }

    public func unfinishedJobs(workspace: String) throws(SQLiteError) -> [JobRecord] {
        let statement = try database.prepare(
            "SELECT \(SQLiteCatalogue.columns) FROM jobs WHERE workspace = ? AND status IN ('QUEUED','RUNNING','APPLIED') ORDER BY queued_at")
        try statement.bind(1, workspace)
        var result: [JobRecord] = []
        while try statement.step() { result.append(SQLiteCatalogue.record(statement)) }
        return result
    }

    
    public func finished(before cutoff: Timestamp) throws(SQLiteError) -> [JobRecord] {
        let statement = try database.prepare("""
            SELECT \(SQLiteCatalogue.columns) FROM jobs WHERE queued_at < ?1 AND finished_at < ?1
            AND status IN ('DONE','FAILED','DUPLICATE','REJECTED') ORDER BY queued_at
            """)
        try statement.bind(1, cutoff.rfc3339)
        var result: [JobRecord] = []
        while try statement.step() { result.append(SQLiteCatalogue.record(statement)) }
        return result
    }

    /// Jobs per status and the rows of all jobs (for the metrics).
    public func statusCounts() throws(SQLiteError) -> JobCounts {
        let statement = try database.prepare("SELECT status, count(*), sum(succeeded), sum(failed) FROM jobs GROUP BY status")
        var counts = JobCounts()
        while try statement.step() {
            if let status = JobStatus(rawValue: statement.text(0) ?? "") { counts.jobs[status] = statement.int(1) }
            counts.succeeded += statement.int(2)
            counts.failed += statement.int(3)
        }
        return counts
    }

    /// A file is never disconnected.
    public var isConnected: Bool { true }

    /// Runs `PRAGMA integrity_check`; nil when it says ok.
    public func integrityProblem() throws(SQLiteError) -> String? {
        try database.integrityProblem()
    }

    /// Number of jobs of a workspace.
    public func countJobs(workspace: String) throws(SQLiteError) -> Int {
        let statement = try database.prepare("SELECT count(*) FROM jobs WHERE workspace = ?")
        try statement.bind(1, workspace)
        guard try statement.step() else { return 0 }
        return statement.int(0)
    }

    /// Deletes every job row of a workspace and its webhook deliveries (`intake erase`).
    public func deleteJobs(workspace: String) throws {
        try database.transaction {
            for table in ["jobs", "webhook_deliveries"] {
                let statement = try database.prepare("DELETE FROM \(table) WHERE workspace = ?")
                try statement.bind(1, workspace)
                try statement.run()
            }
        }
    }

    /// Deletes a job row (a claim that was given back to the inbox).
    public func delete(job: String) throws(SQLiteError) {
        let statement = try database.prepare("DELETE FROM jobs WHERE job_id = ?")
        try statement.bind(1, job)
        try statement.run()
    }

    package static func record(_ s: Statement) -> JobRecord {
        JobRecord { s.isNull(Int32($0)) ? nil : s.text(Int32($0)) }
    }
}

@available(*, unavailable)
extension SQLiteCatalogue: Sendable {}
