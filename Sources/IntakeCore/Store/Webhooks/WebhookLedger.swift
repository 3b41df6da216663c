/// The webhook deliveries a catalogue keeps (table `webhook_deliveries`, spec
/// section 3 "Webhooks"). A catalogue opened with a ``WebhookPlan`` owes them
/// itself, in the write that records a job's end state (``JobCatalogue/save(_:)``);
/// these calls let senders take, record and list them. Several processes may
/// send from one catalogue: a delivery is taken with a lease
/// (``claimDelivery(_:now:leaseUntil:)``), so one process tries it at a time,
/// and a process that dies while trying leaves it to be tried again, same id.
public protocol WebhookLedger: AnyObject {
    /// Deliveries newest first (`created_at`, then id), of one state when given, at most `limit`.
    func deliveries(state: WebhookDeliveryState?, limit: Int) throws -> [WebhookDelivery]
    /// The deliveries owed for one job (one per webhook), oldest first (`created_at`, then id).
    func deliveries(job: String) throws -> [WebhookDelivery]
    /// One delivery by id.
    func delivery(_ id: String) throws -> WebhookDelivery?
    /// Pending deliveries due at `now`, at most `limit`, in turns across URLs:
    /// each URL's soonest due (soonest first), then each one's second, … (so a
    /// URL with many owed never hides another's from a sender).
    func dueDeliveries(now: Timestamp, limit: Int) throws -> [WebhookDelivery]
    /// When the soonest pending delivery is due; nil when none is pending.
    func nextDeliveryTime() throws -> Timestamp?
    /// Takes a due delivery for this process until `leaseUntil` (counting an
    /// attempt): true when it is this process's to send, false when another took it.
    func claimDelivery(_ id: String, now: Timestamp, leaseUntil: Timestamp) throws -> Bool
    /// Records the outcome of an attempt (state, next attempt, last status and
    /// error, finish time) while the lease `lease` taken for it still holds:
    /// false, writing nothing, when it ran out and another process took the
    /// delivery, or `--redeliver` owed it again (a process paused past its
    /// lease never overwrites a newer attempt's outcome).
    func recordDelivery(_ delivery: WebhookDelivery, lease: Timestamp) throws -> Bool
    /// Owes a delivered or dead delivery again, due at `now`, with the same id
    /// (`intake webhooks --redeliver`); false when there is no such delivery.
    func redeliver(_ id: String, now: Timestamp) throws -> Bool
    /// Deliveries per state and the oldest pending one.
    func webhookCounts() throws -> WebhookCounts
}
