import IntakeCore
import IntakeSystem

/// A fault of the machine, not of the document (disk full, database busy, I/O
/// error): the job's transaction rolled back, its file stays claimed, and it is
/// retried later without counting an attempt.
public struct InfrastructureFault: Error, Sendable, CustomStringConvertible {
    /// The job it interrupted.
    public let job: String
    /// What failed, with its own advice.
    public let underlying: String
    /// Whether the fault is transient (busy, disk full, I/O) rather than a defect;
    /// only transient faults leave the attempt uncounted.
    public let transient: Bool

    public var description: String {
        "job \(job) was interrupted by \(underlying); its file stays in work/ and the job will be retried"
    }

    /// Classifies any error thrown while a job ran.
    package static func classify(_ error: any Error, job: String) -> InfrastructureFault {
        switch error {
        case let fault as any InfrastructureError:
            // Each backend (and the system layer) says which of its faults pass by themselves.
            InfrastructureFault(job: job, underlying: fault.description, transient: fault.isTransient)
        default:
            InfrastructureFault(job: job, underlying: String(describing: error), transient: false)
        }
    }
}
