import IntakeCore
import IntakeSystem

/// `intake.webhook_deliveries` (spec section 3, "Webhooks"): the same rows and
/// rules as SQLite's `webhook_deliveries`, shared by every host, so a delivery
/// taken with a lease by one daemon is not sent by another at the same time.
extension PostgresCatalogue {
    /// Owes one delivery per URL of `urls` for `job` (inside ``save(_:)``'s transaction).
    package func oweDeliveries(_ job: JobRecord, urls: [String]) throws {
        guard let event = WebhookEvent(status: job.status) else { return }
        let now = Timestamp.now().rfc3339
        for url in urls {
            _ = try connection.query("""
                INSERT INTO intake.webhook_deliveries (\(WebhookDelivery.columns))
                VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6, 0, $6, NULL, NULL, NULL)
                ON CONFLICT (job_id, url) DO NOTHING
                """, [WebhookDelivery.makeID(at: Timestamp.now()), job.jobID, job.workspace, event.rawValue, url, now])
        }
    }

    private func select(_ clause: String, _ values: [String?]) throws -> [WebhookDelivery] {
        let rows = try connection.query("SELECT \(WebhookDelivery.columns) FROM intake.webhook_deliveries \(clause)", values)
        return (0..<rows.count).map { row in WebhookDelivery { rows.text(row, $0) } }
    }

    public func deliveries(state: WebhookDeliveryState?, limit: Int) throws -> [WebhookDelivery] {
        let order = "ORDER BY created_at DESC, delivery_id DESC LIMIT \(max(limit, 0))"
        guard let state else { return try select(order, []) }
        return try select("WHERE state = $1 " + order, [state.rawValue])
    }

    public func deliveries(job: String) throws -> [WebhookDelivery] {
        try select("WHERE job_id = $1 ORDER BY created_at, delivery_id", [job])
    }

    public func delivery(_ id: String) throws -> WebhookDelivery? {
        try select("WHERE delivery_id = $1", [id]).first
    }

    public func dueDeliveries(now: Timestamp, limit: Int) throws -> [WebhookDelivery] {
        try select(WebhookDelivery.dueInTurns(table: "intake.webhook_deliveries", now: "$1", limit: limit), [now.rfc3339])
    }

    public func nextDeliveryTime() throws -> Timestamp? {
        let rows = try connection.query("SELECT min(next_attempt_at) FROM intake.webhook_deliveries WHERE state = 'pending'")
        return rows.count == 0 ? nil : rows.text(0, 0).flatMap(Timestamp.init(rfc3339:))
    }

    public func claimDelivery(_ id: String, now: Timestamp, leaseUntil: Timestamp) throws -> Bool {
        let rows = try connection.query("""
            UPDATE intake.webhook_deliveries SET next_attempt_at = $1, attempts = attempts + 1
            WHERE delivery_id = $2 AND state = 'pending' AND next_attempt_at <= $3 RETURNING delivery_id
            """, [leaseUntil.rfc3339, id, now.rfc3339])
        return rows.count == 1
    }

    public func recordDelivery(_ delivery: WebhookDelivery, lease: Timestamp) throws -> Bool {
        let rows = try connection.query("""
            UPDATE intake.webhook_deliveries SET state = $1, next_attempt_at = $2, last_status = $3, last_error = $4, finished_at = $5
            WHERE delivery_id = $6 AND state = 'pending' AND next_attempt_at = $7 RETURNING delivery_id
            """, [delivery.state.rawValue, delivery.nextAttemptAt.rfc3339, delivery.lastStatus.map(String.init), delivery.lastError,
                  delivery.finishedAt?.rfc3339, delivery.id, lease.rfc3339])
        return rows.count == 1
    }

    public func redeliver(_ id: String, now: Timestamp) throws -> Bool {
        let rows = try connection.query("""
            UPDATE intake.webhook_deliveries SET state = 'pending', pending_since = $1, next_attempt_at = $1, finished_at = NULL
            WHERE delivery_id = $2 RETURNING delivery_id
            """, [now.rfc3339, id])
        return rows.count == 1
    }

    public func webhookCounts() throws -> WebhookCounts {
        let rows = try connection.query("""
            SELECT state, count(*), min(CASE WHEN state = 'pending' THEN pending_since END)
            FROM intake.webhook_deliveries GROUP BY state
            """)
        var counts = WebhookCounts()
        for row in 0..<rows.count {
            guard let state = WebhookDeliveryState(rawValue: rows.text(row, 0) ?? "") else { continue }
            counts.byState[state] = rows.int(row, 1) ?? 0
            if state == .pending { counts.oldestPending = rows.text(row, 2).flatMap(Timestamp.init(rfc3339:)) }
        }
        return counts
    }
}
