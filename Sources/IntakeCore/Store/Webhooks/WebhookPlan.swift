/// The events a webhook may ask for (spec section 3, "Webhooks"): one per end state of a job.
public enum WebhookEvent: String, CaseIterable, Sendable {
    case done = "job.done"
    case failed = "job.failed"
    case duplicate = "job.duplicate"
    case rejected = "job.rejected"

    /// The event of a job that ended in `status`; nil while it has not ended.
    public init?(status: JobStatus) {
        switch status {
        case .done: self = .done
        case .failed: self = .failed
        case .duplicate: self = .duplicate
        case .rejected: self = .rejected
        default: return nil
        }
    }
}

/// One configured webhook as the catalogue needs it to owe a delivery: where,
/// and for which events (the secret and the TLS settings are the sender's).
public struct WebhookTarget: Equatable, Sendable {
    public var url: String
    public var events: Set<WebhookEvent>

    /// A target for `events` at `url`.
    public init(url: String, events: Set<WebhookEvent>) {
        self.url = url
        self.events = events
    }
}

/// Which webhooks a job that ends owes a delivery to: a workspace's own list,
/// else the top-level one (also for `_unrouted` and removed workspaces). The
/// storage is opened with it, so the catalogue writes the deliveries in the
/// same write as the job's end state.
public struct WebhookPlan: Equatable, Sendable {
    /// The top-level webhooks.
    public var fallback: [WebhookTarget]
    /// Workspaces with webhooks of their own (an empty list: none at all).
    public var workspaces: [String: [WebhookTarget]]

    /// A plan; the default owes nothing.
    public init(fallback: [WebhookTarget] = [], workspaces: [String: [WebhookTarget]] = [:]) {
        self.fallback = fallback
        self.workspaces = workspaces
    }

    /// True when no job can owe a delivery.
    public var isEmpty: Bool { fallback.isEmpty && workspaces.values.allSatisfy(\.isEmpty) }

    /// The URLs a job of `workspace` that ended in `status` owes a delivery to, in configuration order.
    public func urls(workspace: String, status: JobStatus) -> [String] {
        guard let event = WebhookEvent(status: status) else { return [] }
        var seen = Set<String>()
        return (workspaces[workspace] ?? fallback).filter { $0.events.contains(event) }.map(\.url).filter { seen.insert($0).inserted }
    }
}
