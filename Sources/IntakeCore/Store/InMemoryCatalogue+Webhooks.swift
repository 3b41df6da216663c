import Synchronization

/// `webhook_deliveries` in memory, compared as the SQL backends compare the
/// columns' text (times are fixed-width RFC 3339, so text order is time order).
extension InMemoryCatalogue {
    /// Owes `job`'s deliveries (called under the rows' lock by ``save(_:)``): one
    /// per webhook of the plan, unless one to that URL is already owed for the job.
    package func oweDeliveries(_ job: JobRecord) {
        let urls = plan.urls(workspace: job.workspace, status: job.status)
        guard !urls.isEmpty, let event = WebhookEvent(status: job.status) else { return }
        let now = Timestamp.now()
        webhookRows.withLock { rows in
            for url in urls where !rows.values.contains(where: { $0.jobID == job.jobID && $0.url == url }) {
                let delivery = WebhookDelivery(
                    id: WebhookDelivery.makeID(at: now), jobID: job.jobID, workspace: job.workspace, event: event.rawValue,
                    url: url, createdAt: now)
                rows[delivery.id] = delivery
            }
        }
    }

    package func deliveries(state: WebhookDeliveryState?, limit: Int) -> [WebhookDelivery] {
        let all = webhookRows.withLock { Array($0.values) }.filter { state == nil || $0.state == state }
        let sorted = all.sorted { ($0.createdAt.rfc3339, $0.id) > ($1.createdAt.rfc3339, $1.id) }
        return limit < 0 ? sorted : Array(sorted.prefix(limit))
    }

    package func deliveries(job: String) -> [WebhookDelivery] {
        webhookRows.withLock { Array($0.values) }.filter { $0.jobID == job }
            .sorted { ($0.createdAt.rfc3339, $0.id) < ($1.createdAt.rfc3339, $1.id) }
    }

    package func delivery(_ id: String) -> WebhookDelivery? { webhookRows.withLock { $0[id] } }

    package func dueDeliveries(now: Timestamp, limit: Int) -> [WebhookDelivery] {
        let due = webhookRows.withLock { Array($0.values) }.filter { $0.state == .pending && $0.nextAttemptAt <= now }
        return WebhookDelivery.inTurns(due, limit: limit)
    }

    package func nextDeliveryTime() -> Timestamp? {
        webhookRows.withLock { $0.values.filter { $0.state == .pending }.map(\.nextAttemptAt).min() }
    }

    package func claimDelivery(_ id: String, now: Timestamp, leaseUntil: Timestamp) -> Bool {
        webhookRows.withLock { rows in
            guard let row = rows[id], row.state == .pending, row.nextAttemptAt <= now else { return false }
            rows[id]?.nextAttemptAt = leaseUntil
            rows[id]?.attempts += 1
            return true
        }
    }

    package func recordDelivery(_ delivery: WebhookDelivery, lease: Timestamp) -> Bool {
        webhookRows.withLock { rows in
            guard var row = rows[delivery.id], row.state == .pending, row.nextAttemptAt == lease else { return false }
            row.state = delivery.state
            row.nextAttemptAt = delivery.nextAttemptAt
            row.lastStatus = delivery.lastStatus
            row.lastError = delivery.lastError
            row.finishedAt = delivery.finishedAt
            rows[delivery.id] = row
            return true
        }
    }

    package func redeliver(_ id: String, now: Timestamp) -> Bool {
        webhookRows.withLock { rows in
            guard var row = rows[id] else { return false }
            row.state = .pending
            row.pendingSince = now
            row.nextAttemptAt = now
            row.finishedAt = nil
            rows[id] = row
            return true
        }
    }

    package func webhookCounts() -> WebhookCounts {
        webhookRows.withLock { rows in
            var counts = WebhookCounts()
            for row in rows.values {
                counts.byState[row.state, default: 0] += 1
                if row.state == .pending { counts.oldestPending = min(counts.oldestPending ?? row.pendingSince, row.pendingSince) }
            }
            return counts
        }
    }
}
