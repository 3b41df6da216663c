import IntakeCore
import IntakeSystem
/// The job catalogue in PostgreSQL mode: table `intake.jobs`, the same columns
/// as SQLite's `jobs`, shared by every host of a deployment. Each call is its
/// own short transaction (autocommit), so `intake status` on any host sees a
/// running job's progress live.
public final class PostgresCatalogue: JobCatalogue {
    package let connection: PostgresConnection
    package static let select = "SELECT \(JobRecord.columns) FROM intake.jobs"
    package static let endStates = CatalogueSQL.endStates
    /// The webhooks a job that ends owes a delivery to.
    package let plan: WebhookPlan

    /// Opens the catalogue on `connection`, creating and migrating `intake`.
    package init(connection: PostgresConnection, webhooks: WebhookPlan = WebhookPlan()) throws {
        self.connection = connection
        plan = webhooks
        try PostgresSchema.migrate("intake", migrations: PostgresSchema.catalogueMigrations, searchPath: nil, on: connection)
        let names = JobRecord.columnNames
        let updates = names.filter { $0 != "job_id" && $0 != "hook_state" }.map { "\($0) = EXCLUDED.\($0)" }
            .joined(separator: ", ")
        let values = (1...(names.count - 1)).map { "$\($0)" }.joined(separator: ",")
        // As in SQLite: a job that reaches an end state owes its hook in the same statement.
        try connection.prepare("intake_save", """
            INSERT INTO intake.jobs (\(JobRecord.columns)) VALUES (\(values),
                CASE WHEN $4 IN \(Self.endStates) THEN 'pending' END)
            ON CONFLICT (job_id) DO UPDATE SET \(updates),
                hook_state = CASE WHEN EXCLUDED.status IN \(Self.endStates) AND intake.jobs.status NOT IN \(Self.endStates)
                             THEN 'pending' ELSE intake.jobs.hook_state END
            """)
        try connection.prepare("intake_progress", "UPDATE intake.jobs SET processed = $1 WHERE job_id = $2")
        try connection.prepare("intake_find", "\(Self.select) WHERE job_id = $1")
        try connection.prepare(
            "intake_dedupe",
            "SELECT job_id FROM intake.jobs WHERE workspace = $1 AND type = $2 AND sha256 = $3 AND status = 'DONE' ORDER BY queued_at LIMIT 1")
    }

    /// Writes the whole record, with the webhook deliveries a job that ends owes in the same transaction.
    public func save(_ job: JobRecord) throws {
        let urls = plan.urls(workspace: job.workspace, status: job.status)
        guard !urls.isEmpty else { return _ = try connection.run(prepared: "intake_save", job.columnTexts) }
        try connection.execute("BEGIN")
        do {
            _ = try connection.run(prepared: "intake_save", job.columnTexts)
            try oweDeliveries(job, urls: urls)
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    public func setProcessed(_ processed: Int, job: String) throws {
        _ = try connection.run(prepared: "intake_progress", [String(processed), job])
    }

    public func job(_ id: String) throws -> JobRecord? {
        try Self.records(connection.run(prepared: "intake_find", [id])).first
    }

    public func doneJob(workspace: String, apiType: String, sha256: String) throws -> String? {
        let rows = try connection.run(prepared: "intake_dedupe", [workspace, apiType, sha256])
        return rows.count == 0 ? nil : rows.text(0, 0)
    }

    public func jobs(_ filter: JobFilter) throws -> [JobRecord] {
        var conditions: [String] = filter.withFailedRows ? ["failed > 0"] : []
        var parameters: [String?] = []
        func condition(_ sql: String, _ value: String?) {
            guard let value else { return }
            parameters.append(value)
            conditions.append(sql + "$\(parameters.count)")
        }
        condition("workspace = ", filter.workspace)
        if let workspaces = filter.workspaces {
            parameters.append(PostgresSchema.textArray(workspaces))
            conditions.append("workspace = ANY($\(parameters.count)::text[])")
        }
        condition("status = ", filter.status?.rawValue)
        condition("queued_at >= ", filter.since?.rfc3339)
        if let name = filter.nameContains {
            parameters.append(name)
            conditions.append("strpos(lower(source_name), lower($\(parameters.count))) > 0")
        }
        if let after = filter.after {
            parameters += [after.queuedAt.rfc3339, after.jobID]
            conditions.append("(queued_at, job_id) < ($\(parameters.count - 1), $\(parameters.count))")
        }
        let clause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        parameters.append(String(filter.limit))
        return try Self.records(connection.query(
            "\(Self.select)\(clause) ORDER BY queued_at DESC, job_id DESC LIMIT $\(parameters.count)", parameters))
    }

    public func unfinishedJobs() throws -> [JobRecord] {
        try Self.records(connection.query("\(Self.select) WHERE status IN \(CatalogueSQL.unfinishedStates) ORDER BY queued_at"))
    }

    public func unfinishedJobs(workspace: String) throws -> [JobRecord] {
        try Self.records(connection.query(
            "\(Self.select) WHERE workspace = $1 AND status IN \(CatalogueSQL.unfinishedStates) ORDER BY queued_at", [workspace]))
    }

    public func finished(before cutoff: Timestamp) throws -> [JobRecord] {
        try Self.records(connection.query(
            "\(Self.select) WHERE queued_at < $1 AND finished_at < $1 AND status IN \(Self.endStates) ORDER BY queued_at",
            [cutoff.rfc3339]))
    }

    public func statusCounts() throws -> JobCounts {
        let rows = try connection.query("SELECT status, count(*), sum(succeeded), sum(failed) FROM intake.jobs GROUP BY status")
        var counts = JobCounts()
        for row in 0..<rows.count {
            if let status = JobStatus(rawValue: rows.text(row, 0) ?? "") { counts.jobs[status] = rows.int(row, 1) ?? 0 }
            counts.succeeded += rows.int(row, 2) ?? 0
            counts.failed += rows.int(row, 3) ?? 0
        }
        return counts
    }

    public func countJobs(workspace: String) throws -> Int {
        try connection.query("SELECT count(*) FROM intake.jobs WHERE workspace = $1", [workspace]).int(0, 0) ?? 0
    }

    public func deleteJobs(workspace: String) throws {
        try connection.execute("BEGIN")
        do {
            _ = try connection.query("DELETE FROM intake.jobs WHERE workspace = $1", [workspace])
            _ = try connection.query("DELETE FROM intake.webhook_deliveries WHERE workspace = $1", [workspace])
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    public func delete(job: String) throws {
        _ = try connection.query("DELETE FROM intake.jobs WHERE job_id = $1", [job])
    }

    public func workspaces() throws -> [String] {
        let rows = try connection.query("SELECT DISTINCT workspace FROM intake.jobs ORDER BY workspace")
        return (0..<rows.count).compactMap { rows.text($0, 0) }
    }

    /// What SQLite's `integrity_check` would find that PostgreSQL's own
    /// constraints do not rule out: rows whose counts or status make no sense.
    public func integrityProblem() throws -> String? {
        let rows = try connection.query("""
            SELECT count(*) FROM intake.jobs WHERE status NOT IN ('QUEUED','RUNNING','APPLIED','DONE','FAILED','DUPLICATE','REJECTED')
                OR succeeded + failed > total OR processed > total AND status IN \(Self.endStates)
            """)
        let bad = rows.int(0, 0) ?? 0
        return bad == 0 ? nil : "\(bad) job row(s) with an unknown status or counts that do not add up"
    }

    public var isConnected: Bool { connection.isAlive }

    package static func records(_ rows: PostgresRows) -> [JobRecord] {
        (0..<rows.count).map { row in JobRecord { rows.text(row, $0) } }
    }
}

@available(*, unavailable)
extension PostgresCatalogue: Sendable {}
