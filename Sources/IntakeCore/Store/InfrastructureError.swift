import IntakeSystem

/// A fault of the machine or of a storage backend, not of the document: the
/// job's transaction rolls back and its file stays claimed. Each backend's
/// error type answers ``isTransient`` by its own rules, so the engine never
/// names a backend to decide whether a job is retried without counting an
/// attempt.
public protocol InfrastructureError: Error, CustomStringConvertible {
    /// Whether the fault passes by itself (busy, disk full, a lost session)
    /// rather than being a defect; only transient faults leave the attempt uncounted.
    var isTransient: Bool { get }
}

extension SystemError: InfrastructureError {
    /// Disk full, I/O errors and the like: retried.
    public var isTransient: Bool { true }
}
