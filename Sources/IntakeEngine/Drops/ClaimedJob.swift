import IntakeCore
import IntakeSystem

/// A file claimed into `work/WORKSPACE/` with its catalogue record.
public struct ClaimedJob: Sendable {
    /// The catalogue record (QUEUED when claimed).
    public var record: JobRecord
    /// `work/WORKSPACE/JOB__TYPE__NAME`.
    public let workPath: String
    /// The import type.
    public let type: ImportType
    /// The document format.
    public let format: DocumentFormat
    /// Where the file goes back if it changes while imported; nil for `intake
    /// import`, whose claimed file is a link to the caller's file.
    public let inboxPath: String?
    /// Whether the claim already recorded the job `RUNNING` (its first attempt
    /// started at once, under the lock the claim took): the run writes nothing more to start.
    public var savedRunning = false

    /// The original file's extension, lower case (`ndjson`), for the rejected
    /// file: a person drops back the kind of file they sent.
    public var sourceExtension: String {
        guard let dot = record.sourceName.lastIndex(of: "."), dot != record.sourceName.startIndex else { return format.rawValue }
        return record.sourceName[record.sourceName.index(after: dot)...].lowercased()
    }

    /// The claimed file name for a job: `JOB__TYPE__NAME`.
    public static func workName(job: String, type: ImportType, name: String) -> String {
        StoredName.fit(job + "__" + type.name + "__", name)
    }

    /// Splits a claimed file name into job, type and original name.
    public static func parseWorkName(_ workName: String) -> (job: String, type: ImportType, name: String)? {
        let parts = workName.components(separatedBy: "__")
        guard parts.count >= 3, JobID.isValid(parts[0]), let type = ImportType(rawValue: parts[1]) else { return nil }
        return (parts[0], type, parts[2...].joined(separator: "__"))
    }
}

/// How a job ended for the caller.
public enum JobOutcome: Sendable {
    /// The job reached an end state; this is its record.
    case finished(JobRecord)
    /// The file changed while it was imported: nothing stored, the file was given back.
    case givenBack(job: String)
}
