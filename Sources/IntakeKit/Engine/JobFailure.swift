import IntakeSystem
/// The document itself cannot be imported (`FAILED`): nothing is stored.
public struct DocumentFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The result's `error` object.
    public let error: JobError

    /// A failure with its code, message, line and HTTP status.
    public init(_ code: String, _ message: String, line: Int? = nil, errorCode: Int = 422) {
        error = JobError(code: code, message: message, line: line, errorCode: errorCode)
    }

    public var description: String {
        (error.line.map { "line \($0): " } ?? "") + error.message
    }
}

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
    static func classify(_ error: any Error, job: String) -> InfrastructureFault {
        switch error {
        case let sqlite as SQLiteError:
            InfrastructureFault(job: job, underlying: sqlite.description, transient: sqlite.isInfrastructure)
        case let postgres as PostgresError:
            // A lost session, a deadlock or a server shutting down passes; a refused statement is a defect.
            InfrastructureFault(
                job: job, underlying: postgres.description,
                transient: postgres.isConnectionLost || postgres.isSerializationOrDeadlock || postgres.sqlState?.hasPrefix("53") == true)
        case let storage as StorageError:
            InfrastructureFault(job: job, underlying: storage.description, transient: true)
        case let system as SystemError:
            InfrastructureFault(job: job, underlying: system.description, transient: true)
        default:
            InfrastructureFault(job: job, underlying: String(describing: error), transient: false)
        }
    }
}
