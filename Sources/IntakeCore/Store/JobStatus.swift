/// A job's state (spec section 5).
public enum JobStatus: String, Codable, CaseIterable, Sendable {
    case queued = "QUEUED"
    case running = "RUNNING"
    case applied = "APPLIED"
    case done = "DONE"
    case failed = "FAILED"
    case duplicate = "DUPLICATE"
    case rejected = "REJECTED"

    /// True for the end states.
    public var isFinal: Bool {
        switch self {
        case .queued, .running, .applied: false
        case .done, .failed, .duplicate, .rejected: true
        }
    }
}
