import IntakeCore
import IntakeSystem

/// `webhook_deliveries` in `index.sqlite` (spec section 3, "Webhooks").
extension SQLiteCatalogue {
    /// Owes one delivery per URL of `urls` for `job` (inside ``save(_:)``'s
    /// transaction), unless one to that URL is already owed for the job.
    package func oweDeliveries(_ job: JobRecord, urls: [String]) throws(SQLiteError) {
        guard let event = WebhookEvent(status: job.status) else { return }
        let now = Timestamp.now()
        let statement = try database.prepare("""
            INSERT INTO webhook_deliveries (\(WebhookDelivery.columns))
            VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?6, 0, ?6, NULL, NULL, NULL)
            ON CONFLICT(job_id, url) DO NOTHING
            """)
        for url in urls {
            try statement.bind(1, WebhookDelivery.makeID(at: now))
            try statement.bind(2, job.jobID)
            try statement.bind(3, job.workspace)
            try statement.bind(4, event.rawValue)
            try statement.bind(5, url)
            try statement.bind(6, now.rfc3339)
            try statement.run()
        }
    }

    private func select(_ clause: String, _ values: [String]) throws(SQLiteError) -> [WebhookDelivery] {
        let statement = try database.prepare("SELECT \(WebhookDelivery.columns) FROM webhook_deliveries \(clause)")
        for (index, value) in values.enumerated() { try statement.bind(Int32(index + 1), value) }
        var result: [WebhookDelivery] = []
        while try statement.step() {
            result.append(WebhookDelivery { statement.isNull(Int32($0)) ? nil : statement.text(Int32($0)) })
        }
        return result
    }

    public func deliveries(state: WebhookDeliveryState?, limit: Int) throws(SQLiteError) -> [WebhookDelivery] {
        let order = "ORDER BY created_at DESC, delivery_id DESC LIMIT \(limit)"
        guard let state else { return try select(order, []) }
        return try select("WHERE state = ?1 " + order, [state.rawValue])
    }

    public func deliveries(job: String) throws(SQLiteError) -> [WebhookDelivery] {
        try select("WHERE job_id = ?1 ORDER BY created_at, delivery_id", [job])
    }

    public func delivery(_ id: String) throws(SQLiteError) -> WebhookDelivery? {
        try select("WHERE delivery_id = ?1", [id]).first
    }

    public func dueDeliveries(now: Timestamp, limit: Int) throws(SQLiteError) -> [WebhookDelivery] {
        try select(WebhookDelivery.dueInTurns(table: "webhook_deliveries", now: "?1", limit: limit), [now.rfc3339])
    }

    public func nextDeliveryTime() throws(SQLiteError) -> Timestamp? {
        let statement = try database.prepare("SELECT min(next_attempt_at) FROM webhook_deliveries WHERE state = 'pending'")
        guard try statement.step() else { return nil }
        return statement.text(0).flatMap(Timestamp.init(rfc3339:))
    }

    public func claimDelivery(_ id: String, now: Timestamp, leaseUntil: Timestamp) throws(SQLiteError) -> Bool {
        let statement = try database.prepare("""
            UPDATE webhook_deliveries SET next_attempt_at = ?1, attempts = attempts + 1
            WHERE delivery_id = ?2 AND state = 'pending' AND next_attempt_at <= ?3
            """)
        try statement.bind(1, leaseUntil.rfc3339)
        try statement.bind(2, id)
        try statement.bind(3, now.rfc3339)
        try statement.run()
        return database.changes == 1
    }

    public func recordDelivery(_ delivery: WebhookDelivery, lease: Timestamp) throws(SQLiteError) -> Bool {
        let statement = try database.prepare("""
            UPDATE webhook_deliveries SET state = ?1, next_attempt_at = ?2, last_status = ?3, last_error = ?4, finished_at = ?5
            WHERE delivery_id = ?6 AND state = 'pending' AND next_attempt_at = ?7
            """)
        try statement.bind(1, delivery.state.rawValue)
        try statement.bind(2, delivery.nextAttemptAt.rfc3339)
        try statement.bind(3, delivery.lastStatus)
        try statement.bind(4, delivery.lastError)
        try statement.bind(5, delivery.finishedAt?.rfc3339)
        try statement.bind(6, delivery.id)
        try statement.bind(7, lease.rfc3339)
        try statement.run()
        return database.changes == 1
    }

    public func redeliver(_ id: String, now: Timestamp) throws(SQLiteError) -> Bool {
        let statement = try database.prepare("""
            UPDATE webhook_deliveries SET state = 'pending', pending_since = ?1, next_attempt_at = ?1, finished_at = NULL
            WHERE delivery_id = ?2
            """)
        try statement.bind(1, now.rfc3339)
        try statement.bind(2, id)
        try statement.run()
        return database.changes == 1
    }

    public func webhookCounts() throws(SQLiteError) -> WebhookCounts {
        let statement = try database.prepare("""
            SELECT state, count(*), min(CASE WHEN state = 'pending' THEN pending_since END) FROM webhook_deliveries GROUP BY state
            """)
        var counts = WebhookCounts()
        while try statement.step() {
            guard let state = WebhookDeliveryState(rawValue: statement.text(0) ?? "") else { continue }
            counts.byState[state] = statement.int(1)
            if state == .pending { counts.oldestPending = statement.text(2).flatMap(Timestamp.init(rfc3339:)) }
        }
        return counts
    }
}
