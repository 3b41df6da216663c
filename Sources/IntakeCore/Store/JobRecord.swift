/// One job as the catalogue holds it: the result JSON's fields without `progress`.
public struct JobRecord: Equatable, Sendable {
    public var jobID: String
    public var workspace: String
    /// The API type (`trustpair/payments_import`), or nil when the name gave none.
    public var apiType: String?
    public var status: JobStatus
    public var sourceName: String
    public var sourceFormat: String?
    public var sourceBytes: Int64?
    /// The SHA-256 of the file as dropped (dedupe compares it).
    public var sha256: String?
    /// The layers the document arrived in, outermost first (`["openpgp", "gzip"]`); empty for a plain drop.
    public var sourceLayers: [String] = []
    /// The SHA-256 of the document inside its layers; nil for a plain drop.
    public var contentSha256: String?
    public var queuedAt: Timestamp
    public var startedAt: Timestamp?
    public var finishedAt: Timestamp?
    public var total = 0
    public var processed = 0
    public var succeeded = 0
    public var failed = 0
    public var warnings = 0
    public var attempts = 0
    public var error: JobError?
    /// The claimed file's name in `work/WORKSPACE/` (`JOB__TYPE__NAME`).
    public var workName: String?
    /// `update_payments` of a Papaya body, nil for other documents.
    public var updatePayments: Bool?
    /// The job that `intake retry` imported again as this one, if any.
    public var retryOf: String?
    /// The `on_job_end` hook's state (catalogue `hook_state`): nil when none is
    /// owed, `pending`, `running:TIME`, `done`, `failed` or `none` (no hook
    /// configured when it ended). Read from the catalogue; never saved from here.
    public var hookState: String?

    /// A new job record.
    public init(jobID: String, workspace: String, apiType: String?, status: JobStatus, sourceName: String, queuedAt: Timestamp) {
        self.jobID = jobID
        self.workspace = workspace
        self.apiType = apiType
        self.status = status
        self.sourceName = sourceName
        self.queuedAt = queuedAt
    }
}

/// A document-level failure (spec section 6): `{"code", "message", "line", "error_code"}`.
public struct JobError: Decodable, Equatable, Sendable {
    /// Stable code, e.g. `csv_unterminated_quote`, `missing_column`, `duplicate_content`.
    public var code: String
    /// What went wrong and what to do.
    public var message: String
    /// The line, where one applies.
    public var line: Int?
    /// The API's HTTP status for it (422, 403, 404, 413…).
    public var errorCode: Int

    /// A failure with its code, message, optional line and HTTP status.
    public init(code: String, message: String, line: Int? = nil, errorCode: Int = 422) {
        self.code = code
        self.message = message
        self.line = line
        self.errorCode = errorCode
    }

    package enum CodingKeys: String, CodingKey {
        case code, message, line
        case errorCode = "error_code"
    }

    /// `{"code", "error_code", "line", "message"}`, keys sorted.
    package var json: JSONValue {
        .object([("code", .string(code)), ("error_code", .int(errorCode)), ("line", .nullable(line)), ("message", .string(message))])
    }
}
