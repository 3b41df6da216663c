import Foundation

/// `JOB.result.json` (spec section 6), keys sorted. Without `progress` it is
/// also one line of `intake status --json`.
public struct JobResult: Encodable, Sendable {
    /// The job's catalogue record.
    public var job: JobRecord
    /// Whether the `progress` key is written (as ``progressPlaceholder``, which
    /// the report replaces with the streamed rows); false for `status` lines.
    public var includeProgress: Bool
    /// True when more rows failed than ``progress`` holds.
    public var progressTruncated = false
    /// Warnings about the whole document (unknown columns), once each.
    public var documentWarnings: [RowIssue] = []
    /// The Intake version that wrote it (`intake status`), nil in `result.json`.
    public var version: String?

    /// The most rows listed in `progress`.
    public static let progressLimit = 10_000

    /// A result for `job`.
    public init(job: JobRecord, includeProgress: Bool) {
        self.job = job
        self.includeProgress = includeProgress
    }

    /// `job` as `intake status` shows it: without `progress`, with `version`.
    public init(statusOf job: JobRecord) {
        self.init(job: job, includeProgress: false)
        version = IntakeVersion.current
    }

    /// Stands in the encoded `progress` array for the streamed rows.
    package static let progressPlaceholder = "@@intake-progress-rows@@"

    package struct Source: Encodable {
        package let name: String
        package let format: String?
        package let bytes: Int64?
        package let sha256: String?

        package func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(format, forKey: .format)
            try c.encode(bytes, forKey: .bytes)
            try c.encode(sha256, forKey: .sha256)
        }
        package enum CodingKeys: String, CodingKey { case name, format, bytes, sha256 }
    }

    package enum CodingKeys: String, CodingKey {
        case jobID = "job_id", workspace, type, source, status
        case queuedAt = "queued_at", startedAt = "started_at", finishedAt = "finished_at"
        case total, processed, succeeded, failed, warnings, error, progress
        case progressTruncated = "progress_truncated", documentWarnings = "document_warnings"
        case updatePayments = "update_payments"
        case retryOf = "retry_of"
        case version
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(job.jobID, forKey: .jobID)
        try c.encode(job.workspace, forKey: .workspace)
        try c.encode(job.apiType, forKey: .type)
        try c.encode(Source(name: job.sourceName, format: job.sourceFormat, bytes: job.sourceBytes, sha256: job.sha256),
                     forKey: .source)
        try c.encode(job.status, forKey: .status)
        try c.encode(job.queuedAt.rfc3339, forKey: .queuedAt)
        try c.encode(job.startedAt?.rfc3339, forKey: .startedAt)
        try c.encode(job.finishedAt?.rfc3339, forKey: .finishedAt)
        try c.encode(job.total, forKey: .total)
        try c.encode(job.processed, forKey: .processed)
        try c.encode(job.succeeded, forKey: .succeeded)
        try c.encode(job.failed, forKey: .failed)
        try c.encode(job.warnings, forKey: .warnings)
        try c.encode(job.error, forKey: .error)
        if includeProgress {
            try c.encode([JobResult.progressPlaceholder], forKey: .progress)
            if progressTruncated { try c.encode(true, forKey: .progressTruncated) }
        }
        if !documentWarnings.isEmpty { try c.encode(documentWarnings, forKey: .documentWarnings) }
        if let updatePayments = job.updatePayments { try c.encode(updatePayments, forKey: .updatePayments) }
        if let retryOf = job.retryOf { try c.encode(retryOf, forKey: .retryOf) }
        if let version { try c.encode(version, forKey: .version) }
    }

    /// The JSON text: sorted keys, slashes unescaped, pretty when asked.
    public func json(pretty: Bool) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else {
            preconditionFailure("JobResult holds only strings, numbers and arrays; encoding cannot fail")
        }
        return String(decoding: data, as: UTF8.self) + (pretty ? "\n" : "")
    }
}

/// One row in `progress`, in Papaya's shape, written straight to JSON text
/// (sorted keys) because thousands of them stream through a job.
public enum ProgressItem {
    /// The compact JSON object of one row's progress entry.
    public static func json(
        row: Int, line: Int?, position: String? = nil, id: String?, errors: [RowIssue], warnings: [RowIssue]
    ) -> String {
        let failed = !errors.isEmpty
        var out = "{\"error\":{"
        out += failed ? "\"error\":\"unprocessable_entity\",\"error_code\":422," : "\"error\":null,\"error_code\":null,"
        out += "\"error_info\":{\"errors\":" + issuesJSON(errors) + ",\"valid\":" + (failed ? "false" : "true")
        out += ",\"warnings\":" + issuesJSON(warnings) + "},"
        out += "\"message\":" + (failed ? "\"Payload object is invalid.\"" : "\"Imported with warnings.\"") + "},"
        out += "\"id\":" + (id.map(JSONText.quoted) ?? "null") + ","
        out += "\"line\":" + (line.map(String.init) ?? "null") + ","
        if let position { out += "\"path\":" + JSONText.quoted(position) + "," }
        out += "\"row\":\(row),\"status\":" + (failed ? "\"FAILED\"" : "\"SUCCESS\"") + "}"
        return out
    }

    package static func issuesJSON(_ issues: [RowIssue]) -> String {
        "[" + issues.map { issue in
            "{\"code\":" + JSONText.quoted(issue.code) + ",\"description\":" + JSONText.quoted(issue.description)
                + ",\"properties\":[" + issue.properties.map(JSONText.quoted).joined(separator: ",") + "]}"
        }.joined(separator: ",") + "]"
    }
}

/// `{"code", "description", "properties"}` of one issue.
public struct RowIssue: Codable, Equatable, Sendable {
    public let code: String
    public let description: String
    public let properties: [String]

    /// The report form of an ``Issue``.
    public init(_ issue: Issue) {
        code = issue.code
        description = issue.description
        properties = [issue.property]
    }
}
