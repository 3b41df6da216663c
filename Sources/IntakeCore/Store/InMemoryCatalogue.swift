import Synchronization

/// A job catalogue held in memory, for tests and for an engine that needs no
/// files (as hummingbird's `MemoryPersistDriver` beside its `PersistDriver`).
/// It keeps each job as the catalogue's column texts (``JobRecord/columnTexts``)
/// and compares them as the SQL backends do, so ordering, filters and the hook
/// bookkeeping mean the same here; `StorageContractTests` runs one set of
/// assertions against it, SQLite and PostgreSQL. Safe to share between threads
/// (one lock around the rows); nothing survives the process.
package final class InMemoryCatalogue: JobCatalogue, Sendable {
    /// One job: the columns of ``JobRecord/columns``, `hook_state` last.
    package typealias Row = [String?]

    private let rows = Mutex<[String: Row]>([:])
    /// `webhook_deliveries`, by id; changed only under the lock of ``rows``, so a
    /// job's end state and its deliveries appear together.
    package let webhookRows = Mutex<[String: WebhookDelivery]>([:])
    /// The webhooks a job that ends owes a delivery to.
    package let plan: WebhookPlan

    /// An empty catalogue whose finished jobs owe deliveries as `plan` says.
    package init(plan: WebhookPlan = WebhookPlan()) { self.plan = plan }

    /// The positions in a ``Row`` of the columns read here.
    private static let column = Dictionary(uniqueKeysWithValues: JobRecord.columnNames.enumerated().map { ($1, $0) })
    private static func index(_ name: String) -> Int { column[name] ?? 0 }
    package static let jobID = index("job_id"), workspace = index("workspace"), apiType = index("type"), status = index("status")
    package static let sha256 = index("sha256"), queuedAt = index("queued_at"), finishedAt = index("finished_at"), processed = index("processed")
    package static let succeeded = index("succeeded"), failed = index("failed"), hookState = index("hook_state")
    package static let sourceName = index("source_name")

    /// A job that reaches an end state owes its hook (`pending`) in the same
    /// write; later saves of a finished job keep the hook's state.
    package func save(_ job: JobRecord) {
        rows.withLock { rows in
            let previous = rows[job.jobID]
            let wasFinal = previous.map { Self.isFinal($0) } ?? false
            let owes = job.status.isFinal && !wasFinal
            rows[job.jobID] = job.columnTexts + [owes ? "pending" : previous?[Self.hookState] ?? nil]
            if job.status.isFinal { oweDeliveries(job) }
        }
    }

    package func setProcessed(_ processed: Int, job: String) {
        rows.withLock { $0[job]?[Self.processed] = String(processed) }
    }

    package func job(_ id: String) -> JobRecord? {
        rows.withLock { $0[id] }.map(Self.record)
    }

    package func doneJob(workspace: String, apiType: String, sha256: String) -> String? {
        select { row in
            row[Self.workspace] == workspace && row[Self.apiType] == apiType && row[Self.sha256] == sha256
                && row[Self.status] == JobStatus.done.rawValue
        }.first?.jobID
    }

    package func jobs(_ filter: JobFilter) -> [JobRecord] {
        let matching = select(newestFirst: true) { row in
            (!filter.withFailedRows || Self.integer(row[Self.failed]) > 0)
                && filter.workspace.map { row[Self.workspace] == $0 } ?? true
                && filter.status.map { row[Self.status] == $0.rawValue } ?? true
                && filter.since.map { (row[Self.queuedAt] ?? "") >= $0.rfc3339 } ?? true
                && filter.workspaces.map { $0.contains(row[Self.workspace] ?? "") } ?? true
                && filter.nameContains.map { (row[Self.sourceName] ?? "").lowercased().contains($0.lowercased()) } ?? true
                && filter.after.map { ((row[Self.queuedAt] ?? ""), (row[Self.jobID] ?? "")) < ($0.queuedAt.rfc3339, $0.jobID) } ?? true
        }
        // As SQLite's LIMIT: a negative limit is no limit.
        return filter.limit < 0 ? matching : Array(matching.prefix(filter.limit))
    }

    package func unfinishedJobs() -> [JobRecord] {
        select { !Self.isFinal($0) }
    }

    package func unfinishedJobs(workspace: String) -> [JobRecord] {
        select { $0[Self.workspace] == workspace && !Self.isFinal($0) }
    }

    package func finished(before cutoff: Timestamp) -> [JobRecord] {
        let cutoff = cutoff.rfc3339
        return select { row in
            guard let queued = row[Self.queuedAt], let finished = row[Self.finishedAt] else { return false }
            return queued < cutoff && finished < cutoff && Self.isFinal(row)
        }
    }

    package func statusCounts() -> JobCounts {
        rows.withLock { rows in
            var counts = JobCounts()
            for row in rows.values {
                if let status = JobStatus(rawValue: row[Self.status] ?? "") { counts.jobs[status, default: 0] += 1 }
                counts.succeeded += Self.integer(row[Self.succeeded])
                counts.failed += Self.integer(row[Self.failed])
            }
            return counts
        }
    }

    package func countJobs(workspace: String) -> Int {
        rows.withLock { $0.values.count { $0[Self.workspace] == workspace } }
    }

    package func deleteJobs(workspace: String) {
        rows.withLock {
            $0 = $0.filter { $0.value[Self.workspace] != workspace }
            webhookRows.withLock { $0 = $0.filter { $0.value.workspace != workspace } }
        }
    }

    package func delete(job: String) {
        rows.withLock { _ = $0.removeValue(forKey: job) }
    }

    package func workspaces() -> [String] {
        rows.withLock { Set($0.values.compactMap { $0[Self.workspace] }) }.sorted()
    }

    /// Memory holds no pages to check.
    package func integrityProblem() -> String? { nil }

    /// Never disconnected.
    package var isConnected: Bool { true }

    /// The rows `matching` says, as records: oldest first (`queued_at`, then
    /// `job_id`), or newest first.
    package func select(newestFirst: Bool = false, _ matching: (Row) -> Bool) -> [JobRecord] {
        let found = rows.withLock { $0.values.filter(matching) }
        let ordered = found.sorted { (a, b) in
            (a[Self.queuedAt] ?? "", a[Self.jobID] ?? "") < (b[Self.queuedAt] ?? "", b[Self.jobID] ?? "")
        }
        return (newestFirst ? ordered.reversed() : ordered).map(Self.record)
    }

    /// Changes the rows under the lock.
    package func update<R: Sendable>(_ body: (inout [String: Row]) -> R) -> R { rows.withLock { body(&$0) } }

    package static func record(_ row: Row) -> JobRecord { JobRecord { row[$0] } }

    package static func isFinal(_ row: Row) -> Bool { JobStatus(rawValue: row[status] ?? "")?.isFinal ?? false }

    private static func integer(_ text: String?) -> Int { text.flatMap { Int($0) } ?? 0 }
}
