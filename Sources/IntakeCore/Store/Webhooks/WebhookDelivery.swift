/// Where a delivery stands: owed (`pending`), answered with a 2xx
/// (`delivered`), or given up (`dead`: a final answer, or
/// `webhook_max_age_seconds` passed).
public enum WebhookDeliveryState: String, CaseIterable, Sendable {
    case pending, delivered, dead
}

/// One row of `webhook_deliveries` (both backends): a notice owed to one
/// webhook for one finished job, kept after it is delivered or dead.
public struct WebhookDelivery: Equatable, Sendable {
    /// `Intake-Delivery`: the same on every attempt, so receivers dedupe on it.
    public var id: String
    public var jobID: String
    public var workspace: String
    public var event: String
    public var url: String
    public var state: WebhookDeliveryState
    /// When the job ended and the delivery was owed (the payload's `created_at`).
    public var createdAt: Timestamp
    /// Since when it is owed: `created_at`, or the time of `intake webhooks --redeliver`
    /// (`webhook_max_age_seconds` counts from it).
    public var pendingSince: Timestamp
    /// Attempts started so far.
    public var attempts = 0
    /// When a pending delivery may be tried next (or, while one process tries it, its lease's end).
    public var nextAttemptAt: Timestamp
    /// The HTTP status of the last answer, if there was one.
    public var lastStatus: Int?
    /// What went wrong on the last attempt (a connection or TLS failure, a timeout, a refusal).
    public var lastError: String?
    /// When it was delivered or declared dead.
    public var finishedAt: Timestamp?

    /// A new owed delivery.
    public init(id: String, jobID: String, workspace: String, event: String, url: String, createdAt: Timestamp) {
        self.id = id
        self.jobID = jobID
        self.workspace = workspace
        self.event = event
        self.url = url
        state = .pending
        self.createdAt = createdAt
        pendingSince = createdAt
        nextAttemptAt = createdAt
    }

    /// The table's columns, in the order of ``columnTexts`` and ``init(columnText:)``.
    package static let columns = """
        delivery_id, job_id, workspace, event, url, state, created_at, pending_since, attempts, next_attempt_at, \
        last_status, last_error, finished_at
        """

    /// The number of columns.
    package static let columnCount = 13

    /// Every column as text (nil for NULL).
    package var columnTexts: [String?] {
        [id, jobID, workspace, event, url, state.rawValue, createdAt.rfc3339, pendingSince.rfc3339, String(attempts),
         nextAttemptAt.rfc3339, lastStatus.map(String.init), lastError, finishedAt?.rfc3339]
    }

    /// A delivery from its columns' text (`text(i)` is column `i` of ``columns``).
    package init(columnText text: (Int) -> String?) {
        let created = text(6).flatMap(Timestamp.init(rfc3339:)) ?? Timestamp(milliseconds: 0)
        self.init(id: text(0) ?? "", jobID: text(1) ?? "", workspace: text(2) ?? "", event: text(3) ?? "", url: text(4) ?? "",
                  createdAt: created)
        state = WebhookDeliveryState(rawValue: text(5) ?? "") ?? .dead
        pendingSince = text(7).flatMap(Timestamp.init(rfc3339:)) ?? created
        attempts = text(8).flatMap { Int($0) } ?? 0
        nextAttemptAt = text(9).flatMap(Timestamp.init(rfc3339:)) ?? created
        lastStatus = text(10).flatMap { Int($0) }
        lastError = text(11)
        finishedAt = text(12).flatMap(Timestamp.init(rfc3339:))
    }

    /// What follows `SELECT columns FROM table` to pick due deliveries in turns
    /// across URLs (both backends): each URL's soonest due, then each one's
    /// second, and so on (soonest first within a turn), at most `limit`; `now`
    /// is the placeholder of the time.
    package static func dueInTurns(table: String, now: String, limit: Int) -> String {
        """
        JOIN (SELECT delivery_id, row_number() OVER (PARTITION BY url ORDER BY next_attempt_at, delivery_id) AS turn
              FROM \(table) WHERE state = 'pending' AND next_attempt_at <= \(now)) AS due USING (delivery_id)
        ORDER BY due.turn, next_attempt_at, delivery_id LIMIT \(max(limit, 0))
        """
    }

    /// ``dueInTurns(table:now:limit:)`` applied to rows in memory.
    package static func inTurns(_ due: [WebhookDelivery], limit: Int) -> [WebhookDelivery] {
        let soonest = due.sorted { ($0.nextAttemptAt.milliseconds, $0.id) < ($1.nextAttemptAt.milliseconds, $1.id) }
        var turns: [String: Int] = [:]
        let ranked = soonest.map { delivery -> (turn: Int, delivery: WebhookDelivery) in
            turns[delivery.url, default: 0] += 1
            return (turns[delivery.url] ?? 0, delivery)
        }
        // Stable: within a turn, soonest first.
        return Array(ranked.enumerated().sorted { ($0.element.turn, $0.offset) < ($1.element.turn, $1.offset) }
            .map(\.element.delivery).prefix(max(limit, 0)))
    }

    /// A new delivery id: `whd_` and a sortable, unique job-style id of the time it was owed.
    public static func makeID(at time: Timestamp) -> String { "whd_" + JobID.make(at: time) }
}

/// Deliveries per state and the oldest pending one (for `metrics.prom`).
public struct WebhookCounts: Equatable, Sendable {
    public var byState: [WebhookDeliveryState: Int] = [:]
    /// `pending_since` of the oldest pending delivery.
    public var oldestPending: Timestamp?

    public init(byState: [WebhookDeliveryState: Int] = [:], oldestPending: Timestamp? = nil) {
        self.byState = byState
        self.oldestPending = oldestPending
    }
}
