import Foundation
import IntakeCore

/// One catalogue connection that the daemon's loop and all its workspace
/// turns share, one call at a time. With a connection per turn, SQLite's
/// writers met on the WAL's write lock (each loser slept in the busy handler,
/// 1 ms and more) and every connection dropped its page cache whenever another
/// one had written (and read the pages again); a shared connection has
/// neither. The calls are short: a job's writes are a few rows.
package final class SharedCatalogue: JobCatalogue, @unchecked Sendable {
    // Safe to share: `base` is only touched under `lock`.
    private let base: any JobCatalogue
    private let lock = NSLock()

    /// Shares `base`, which nothing else may use from now on.
    package init(_ base: any JobCatalogue) { self.base = base }

    private func locked<R>(_ body: (any JobCatalogue) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(base)
    }

    package func save(_ job: JobRecord) throws { try locked { try $0.save(job) } }
    package func setProcessed(_ processed: Int, job: String) throws { try locked { try $0.setProcessed(processed, job: job) } }
    package func job(_ id: String) throws -> JobRecord? { try locked { try $0.job(id) } }
    package func doneJob(workspace: String, apiType: String, sha256: String) throws -> String? {
        try locked { try $0.doneJob(workspace: workspace, apiType: apiType, sha256: sha256) }
    }
    package func jobs(_ filter: JobFilter) throws -> [JobRecord] { try locked { try $0.jobs(filter) } }
    package func unfinishedJobs() throws -> [JobRecord] { try locked { try $0.unfinishedJobs() } }
    package func unfinishedJobs(workspace: String) throws -> [JobRecord] { try locked { try $0.unfinishedJobs(workspace: workspace) } }
    package func finished(before cutoff: Timestamp) throws -> [JobRecord] { try locked { try $0.finished(before: cutoff) } }
    package func statusCounts() throws -> JobCounts { try locked { try $0.statusCounts() } }
    package func countJobs(workspace: String) throws -> Int { try locked { try $0.countJobs(workspace: workspace) } }
    package func deleteJobs(workspace: String) throws { try locked { try $0.deleteJobs(workspace: workspace) } }
    package func delete(job: String) throws { try locked { try $0.delete(job: job) } }
    package func workspaces() throws -> [String] { try locked { try $0.workspaces() } }
    package func owedHooks(staleBefore: Timestamp, limit: Int?) throws -> [JobRecord] {
        try locked { try $0.owedHooks(staleBefore: staleBefore, limit: limit) }
    }
    package func claimHook(job: String, now: Timestamp, staleBefore: Timestamp) throws -> Bool {
        try locked { try $0.claimHook(job: job, now: now, staleBefore: staleBefore) }
    }
    package func setHookState(_ state: String, job: String) throws { try locked { try $0.setHookState(state, job: job) } }
    package func settleUnhookedPending(hooked: [String]) throws { try locked { try $0.settleUnhookedPending(hooked: hooked) } }
    package func integrityProblem() throws -> String? { try locked { try $0.integrityProblem() } }
    package var isConnected: Bool { locked { $0.isConnected } }

    package func deliveries(state: WebhookDeliveryState?, limit: Int) throws -> [WebhookDelivery] {
        try locked { try $0.deliveries(state: state, limit: limit) }
    }
    package func delivery(_ id: String) throws -> WebhookDelivery? { try locked { try $0.delivery(id) } }
    package func deliveries(job: String) throws -> [WebhookDelivery] { try locked { try $0.deliveries(job: job) } }
    package func dueDeliveries(now: Timestamp, limit: Int) throws -> [WebhookDelivery] {
        try locked { try $0.dueDeliveries(now: now, limit: limit) }
    }
    package func nextDeliveryTime() throws -> Timestamp? { try locked { try $0.nextDeliveryTime() } }
    package func claimDelivery(_ id: String, now: Timestamp, leaseUntil: Timestamp) throws -> Bool {
        try locked { try $0.claimDelivery(id, now: now, leaseUntil: leaseUntil) }
    }
    package func recordDelivery(_ delivery: WebhookDelivery, lease: Timestamp) throws -> Bool {
        try locked { try $0.recordDelivery(delivery, lease: lease) }
    }
    package func redeliver(_ id: String, now: Timestamp) throws -> Bool { try locked { try $0.redeliver(id, now: now) } }
    package func webhookCounts() throws -> WebhookCounts { try locked { try $0.webhookCounts() } }
}
