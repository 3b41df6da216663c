/// `JOB.result.json` (spec section 6), keys sorted. Without `progress` it is
/// also one line of `intake status --json`.
public struct JobResult: Sendable {
    /// The job's catalogue record.
    public var job: JobRecord
    /// Whether the `progress` key is written (the report streams the rows into
    /// it); false for `status` lines.
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

    /// The result as JSON, keys sorted. `progress`, when included, is empty here:
    /// ``ReportBuilder`` streams the rows into it (``JSONWriter/write(_:streamedKey:stream:)``).
    package var json: JSONValue {
        .object([
            ("document_warnings", documentWarnings.isEmpty ? .absent : .array(documentWarnings.map(\.json))),
            ("error", job.error?.json ?? .null),
            ("failed", .int(job.failed)),
            ("finished_at", .nullable(job.finishedAt?.rfc3339)),
            ("job_id", .string(job.jobID)),
            ("processed", .int(job.processed)),
            ("progress", includeProgress ? .array([]) : .absent),
            ("progress_truncated", includeProgress && progressTruncated ? .bool(true) : .absent),
            ("queued_at", .string(job.queuedAt.rfc3339)),
            ("retry_of", job.retryOf.map(JSONValue.string) ?? .absent),
            ("source", .object([
                ("bytes", .nullable(job.sourceBytes)),
                ("content_sha256", job.contentSha256.map(JSONValue.string) ?? .absent),
                ("format", .nullable(job.sourceFormat)),
                ("layers", job.sourceLayers.isEmpty ? .absent : .strings(job.sourceLayers)),
                ("name", .string(job.sourceName)), ("sha256", .nullable(job.sha256)),
            ])),
            ("started_at", .nullable(job.startedAt?.rfc3339)),
            ("status", .string(job.status.rawValue)),
            ("succeeded", .int(job.succeeded)),
            ("total", .int(job.total)),
            ("type", .nullable(job.apiType)),
            ("update_payments", job.updatePayments.map(JSONValue.bool) ?? .absent),
            ("version", version.map(JSONValue.string) ?? .absent),
            ("warnings", .int(job.warnings)),
            ("workspace", .string(job.workspace)),
        ])
    }

    /// The JSON text: sorted keys, pretty (ending with a newline) when asked.
    public func json(pretty: Bool) -> String {
        pretty ? JSONWriter.pretty(json) : JSONWriter.text(json)
    }
}

/// One row in `progress`, in Papaya's shape.
public enum ProgressItem {
    /// One row's progress entry, keys sorted.
    package static func value(
        row: Int, line: Int?, position: String? = nil, id: String?, errors: [RowIssue], warnings: [RowIssue]
    ) -> JSONValue {
        let failed = !errors.isEmpty
        return .object([
            ("error", .object([
                ("error", failed ? .string("unprocessable_entity") : .null),
                ("error_code", failed ? .int(422) : .null),
                ("error_info", .object([
                    ("errors", .array(errors.map(\.json))),
                    ("valid", .bool(!failed)),
                    ("warnings", .array(warnings.map(\.json))),
                ])),
                ("message", .string(failed ? "Payload object is invalid." : "Imported with warnings.")),
            ])),
            ("id", .nullable(id)),
            ("line", .nullable(line)),
            ("path", position.map(JSONValue.string) ?? .absent),
            ("row", .int(row)),
            ("status", .string(failed ? "FAILED" : "SUCCESS")),
        ])
    }
}

/// `{"code", "description", "properties"}` of one issue.
public struct RowIssue: Equatable, Sendable {
    public let code: String
    public let description: String
    public let properties: [String]

    /// The report form of an ``Issue``.
    public init(_ issue: Issue) {
        code = issue.code
        description = issue.description
        properties = [issue.property]
    }

    /// `{"code", "description", "properties"}`.
    package var json: JSONValue {
        .object([("code", .string(code)), ("description", .string(description)), ("properties", .strings(properties))])
    }
}
