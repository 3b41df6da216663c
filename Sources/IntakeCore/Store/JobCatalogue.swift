/// The job catalogue of a deployment: one row per job of every workspace
/// (spec section 3). Written in short transactions, so `intake status` sees a
/// running job's progress live. ``SQLiteCatalogue`` (`index.sqlite`) and
/// ``PostgresCatalogue`` (`intake.jobs`) implement it; the engine and the
/// commands speak only to this.
public protocol JobCatalogue: WebhookLedger {
    /// Writes the whole record (insert or update). A job that reaches an end
    /// state owes its `on_job_end` hook (`hook_state` pending) and a delivery to each
    /// webhook the catalogue's ``WebhookPlan`` names for it, in the same write.
    func save(_ job: JobRecord) throws
    /// Advances `processed` of a running job.
    func setProcessed(_ processed: Int, job: String) throws
    /// One job by id.
    func job(_ id: String) throws -> JobRecord?
    /// The earliest `DONE` job with the same content, workspace and type.
    func doneJob(workspace: String, apiType: String, sha256: String) throws -> String?
    /// Jobs newest first, as `filter` says.
    func jobs(_ filter: JobFilter) throws -> [JobRecord]
    /// Jobs of every workspace not yet in an end state, oldest first.
    func unfinishedJobs() throws -> [JobRecord]
    /// The jobs of `workspace` not yet in an end state, oldest first.
    func unfinishedJobs(workspace: String) throws -> [JobRecord]
    /// Jobs in an end state that finished before `cutoff` (retention).
    func finished(before cutoff: Timestamp) throws -> [JobRecord]
    /// Jobs per status and the rows of all jobs (for the metrics).
    func statusCounts() throws -> JobCounts
    /// Number of jobs of a workspace.
    func countJobs(workspace: String) throws -> Int
    /// Deletes every job row of a workspace and its webhook deliveries (`intake erase`).
    func deleteJobs(workspace: String) throws
    /// Deletes a job row (a claim that was given back to the inbox).
    func delete(job: String) throws
    /// Every workspace with a job in the catalogue (a removed workspace's history too).
    func workspaces() throws -> [String]
    /// Finished jobs whose hook is owed: never run, or taken by a process
    /// before `staleBefore` that never said how it ended. Oldest first, at
    /// most `limit` of them (nil: all).
    func owedHooks(staleBefore: Timestamp, limit: Int?) throws -> [JobRecord]
    /// Takes the hook of `job` for this process: true when it is this process's
    /// to run, false when another process took it first.
    func claimHook(job: String, now: Timestamp, staleBefore: Timestamp) throws -> Bool
    /// Records how a job's hook ended: `done`, `failed`, or `none`.
    func setHookState(_ state: String, job: String) throws
    /// Marks `none` the pending hooks of every workspace not in `hooked`.
    func settleUnhookedPending(hooked: [String]) throws
    /// The database's own integrity check; nil when it finds nothing wrong.
    func integrityProblem() throws -> String?
    /// False once the connection is known to be lost (a server restarted):
    /// a long-lived holder opens the catalogue again.
    var isConnected: Bool { get }
}

/// Which jobs ``JobCatalogue/jobs(_:)`` lists.
public struct JobFilter: Equatable, Sendable {
    public var workspace: String?
    /// Only jobs of these workspaces (the ones a token sees); nil for every workspace.
    public var workspaces: [String]?
    public var status: JobStatus?
    /// Queued at or after.
    public var since: Timestamp?
    /// Only jobs whose source name holds this text, letter case aside.
    public var nameContains: String?
    /// Only jobs after this one in newest-first order: a page's seek, not an offset.
    public var after: JobPosition?
    public var limit: Int
    /// Only jobs with at least one failed row.
    public var withFailedRows: Bool

    public init(
        workspace: String? = nil, workspaces: [String]? = nil, status: JobStatus? = nil, since: Timestamp? = nil,
        nameContains: String? = nil, after: JobPosition? = nil, limit: Int = 100, withFailedRows: Bool = false
    ) {
        self.workspace = workspace
        self.workspaces = workspaces
        self.status = status
        self.since = since
        self.nameContains = nameContains
        self.after = after
        self.limit = limit
        self.withFailedRows = withFailedRows
    }
}

/// Where a job stands in the newest-first order of job lists (`queued_at`
/// descending, then `job_id` descending): the cursor of the next page.
public struct JobPosition: Equatable, Sendable {
    public var queuedAt: Timestamp
    public var jobID: String

    public init(queuedAt: Timestamp, jobID: String) {
        self.queuedAt = queuedAt
        self.jobID = jobID
    }

    /// The position of `job`.
    public init(of job: JobRecord) { self.init(queuedAt: job.queuedAt, jobID: job.jobID) }

    /// The cursor's text, `QUEUED_AT,JOB_ID`.
    public var text: String { queuedAt.rfc3339 + "," + jobID }

    /// A position from ``text``; nil for anything else.
    public init?(text: String) {
        guard let comma = text.firstIndex(of: ","), let time = Timestamp(rfc3339: String(text[..<comma])) else { return nil }
        let id = String(text[text.index(after: comma)...])
        guard JobID.isValid(id) else { return nil }
        self.init(queuedAt: time, jobID: id)
    }
}

/// Jobs per status and the rows of all jobs.
public struct JobCounts: Equatable, Sendable {
    public var jobs: [JobStatus: Int] = [:]
    public var succeeded = 0
    public var failed = 0

    public init(jobs: [JobStatus: Int] = [:], succeeded: Int = 0, failed: Int = 0) {
        self.jobs = jobs
        self.succeeded = succeeded
        self.failed = failed
    }
}

extension JobCatalogue {
    /// Jobs newest first, optionally of one workspace and/or status, or only
    /// those with at least one failed row.
    public func jobs(
        workspace: String? = nil, status: JobStatus? = nil, since: Timestamp? = nil, limit: Int = 100,
        withFailedRows: Bool = false
    ) throws -> [JobRecord] {
        try jobs(JobFilter(workspace: workspace, status: status, since: since, limit: limit, withFailedRows: withFailedRows))
    }
}

/// The catalogue's end states, as SQL (both backends).
package enum CatalogueSQL {
    package static let endStates = "('DONE','FAILED','DUPLICATE','REJECTED')"
    package static let unfinishedStates = "('QUEUED','RUNNING','APPLIED')"
}
