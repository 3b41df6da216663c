@testable import IntakeKit
import Testing
import IntakeTestSupport

/// One set of assertions on the job catalogue, run against every driver
/// (in memory, SQLite, PostgreSQL), so the in-memory one cannot drift from
/// the databases: saves and the hook owed by an end state, listing and its
/// filters, deduplication, counts, deletes and the hook bookkeeping.
@Suite struct CatalogueContractTests {
    static let start: Int64 = 1_795_000_000_000

    /// Job `n` of `workspace`, queued `n` minutes after ``start``.
    static func job(_ n: Int, _ status: JobStatus, workspace: String = "acme", failed: Int = 0) -> JobRecord {
        var job = JobRecord(
            jobID: "20261123T000000000-0000000\(n)", workspace: workspace, apiType: "trustpair/payments_import",
            status: status, sourceName: "p\(n).csv", queuedAt: at(minute: n))
        job.sha256 = "content-\(n)"
        job.total = 10
        job.failed = failed
        job.succeeded = 10 - failed
        if status.isFinal { job.finishedAt = at(minute: n, second: 30) }
        return job
    }

    static func at(minute: Int, second: Int = 0) -> Timestamp {
        Timestamp(milliseconds: start + Int64(minute * 60 + second) * 1000)
    }

    @Test(arguments: StorageBackend.allCases)
    func aSavedJobReadsBackAndAnEndStateOwesItsHookOnce(_ backend: StorageBackend) throws {
        let fresh = try backend.make()
        let catalogue = try fresh.storage.openCatalogue()
        var job = Self.job(1, .running)
        job.sourceFormat = "csv"
        job.sourceBytes = 1234
        job.startedAt = Self.at(minute: 1, second: 5)
        job.attempts = 1
        job.error = JobError(code: "csv_unterminated_quote", message: "a quote is not closed", line: 7)
        job.workName = "J__payments__p1.csv"
        job.updatePayments = true
        job.retryOf = "20261123T000000000-00000000"
        try catalogue.save(job)
        #expect(try catalogue.job(job.jobID) == job)
        #expect(try catalogue.job("20261123T000000000-00000009") == nil)
        try catalogue.setProcessed(7, job: job.jobID)
        #expect(try catalogue.job(job.jobID)?.processed == 7)

        job.status = .done
        job.finishedAt = Self.at(minute: 2)
        try catalogue.save(job)
        #expect(try catalogue.job(job.jobID)?.hookState == "pending")
        try catalogue.setHookState("done", job: job.jobID)
        job.attempts = 2
        try catalogue.save(job)
        #expect(try catalogue.job(job.jobID)?.hookState == "done", "a later save of a finished job keeps its hook's state")

        try catalogue.save(Self.job(2, .rejected))
        #expect(try catalogue.job(Self.job(2, .rejected).jobID)?.hookState == "pending")
        #expect(try fresh.storage.openCatalogue().job(job.jobID)?.attempts == 2, "another open sees the same rows")
    }

    @Test(arguments: StorageBackend.allCases)
    func listsAreNewestFirstAndFiltered(_ backend: StorageBackend) throws {
        let fresh = try backend.make()
        let catalogue = try fresh.storage.openCatalogue()
        let jobs = [
            Self.job(1, .done), Self.job(2, .failed, failed: 3), Self.job(3, .queued, workspace: "beta"),
            Self.job(4, .done, failed: 1), Self.job(5, .running, workspace: "beta"),
        ]
        for job in jobs { try catalogue.save(job) }
        let ids = { (records: [JobRecord]) in records.map { Int(String($0.jobID.suffix(1))) ?? 0 } }
        #expect(try ids(catalogue.jobs()) == [5, 4, 3, 2, 1])
        #expect(try ids(catalogue.jobs(workspace: "acme")) == [4, 2, 1])
        #expect(try ids(catalogue.jobs(status: .done)) == [4, 1])
        #expect(try ids(catalogue.jobs(since: Self.at(minute: 3))) == [5, 4, 3])
        #expect(try ids(catalogue.jobs(withFailedRows: true)) == [4, 2])
        #expect(try ids(catalogue.jobs(workspace: "acme", status: .done, limit: 1)) == [4])
        #expect(try ids(catalogue.jobs(JobFilter(workspaces: ["beta"]))) == [5, 3])
        #expect(try ids(catalogue.jobs(JobFilter(workspaces: []))) == [])
        #expect(try ids(catalogue.jobs(JobFilter(nameContains: "P4.CSV"))) == [4])
        // A seek: the jobs after job 4 in newest-first order, then after job 2 within acme.
        #expect(try ids(catalogue.jobs(JobFilter(after: JobPosition(of: jobs[3]), limit: 2))) == [3, 2])
        #expect(try ids(catalogue.jobs(JobFilter(workspaces: ["acme"], after: JobPosition(of: jobs[1])))) == [1])
        #expect(JobPosition(text: JobPosition(of: jobs[3]).text) == JobPosition(of: jobs[3]))
        #expect(JobPosition(text: "4") == nil)
        #expect(try ids(catalogue.unfinishedJobs()) == [3, 5])
        #expect(try ids(catalogue.unfinishedJobs(workspace: "beta")) == [3, 5])
        #expect(try catalogue.unfinishedJobs(workspace: "acme").isEmpty)
        #expect(try ids(catalogue.finished(before: Self.at(minute: 4))) == [1, 2])
        #expect(try catalogue.workspaces() == ["acme", "beta"])
    }

    @Test(arguments: StorageBackend.allCases)
    func theSameContentIsTheEarliestDoneJobOfItsWorkspaceAndType(_ backend: StorageBackend) throws {
        let fresh = try backend.make()
        let catalogue = try fresh.storage.openCatalogue()
        for (n, status, workspace) in [(1, JobStatus.failed, "acme"), (2, .done, "acme"), (3, .done, "acme"), (4, .done, "beta")] {
            var job = Self.job(n, status, workspace: workspace)
            job.sha256 = "same"
            try catalogue.save(job)
        }
        let type = "trustpair/payments_import"
        #expect(try catalogue.doneJob(workspace: "acme", apiType: type, sha256: "same") == Self.job(2, .done).jobID)
        #expect(try catalogue.doneJob(workspace: "beta", apiType: type, sha256: "same") == Self.job(4, .done).jobID)
        #expect(try catalogue.doneJob(workspace: "acme", apiType: "papaya/beneficiaries", sha256: "same") == nil)
        #expect(try catalogue.doneJob(workspace: "gamma", apiType: type, sha256: "same") == nil)
    }

    @Test(arguments: StorageBackend.allCases)
    func countsAndDeletes(_ backend: StorageBackend) throws {
        let fresh = try backend.make()
        let catalogue = try fresh.storage.openCatalogue()
        for job in [Self.job(1, .done, failed: 2), Self.job(2, .done), Self.job(3, .failed, failed: 10), Self.job(4, .queued, workspace: "beta")] {
            try catalogue.save(job)
        }
        #expect(try catalogue.statusCounts() == JobCounts(jobs: [.done: 2, .failed: 1, .queued: 1], succeeded: 28, failed: 12))
        #expect(try catalogue.countJobs(workspace: "acme") == 3)
        try catalogue.delete(job: Self.job(2, .done).jobID)
        #expect(try catalogue.countJobs(workspace: "acme") == 2)
        try catalogue.deleteJobs(workspace: "acme")
        #expect(try catalogue.countJobs(workspace: "acme") == 0)
        #expect(try catalogue.workspaces() == ["beta"])
        #expect(try catalogue.integrityProblem() == nil)
        #expect(catalogue.isConnected)
    }

    @Test(arguments: StorageBackend.allCases)
    func anOwedHookIsTakenOnceUntilItGoesStaleAndUnhookedOnesSettle(_ backend: StorageBackend) throws {
        let fresh = try backend.make()
        let catalogue = try fresh.storage.openCatalogue()
        for job in [Self.job(1, .done), Self.job(2, .failed), Self.job(3, .done, workspace: "beta"), Self.job(4, .running)] {
            try catalogue.save(job)
        }
        let ids = { (records: [JobRecord]) in records.map { Int(String($0.jobID.suffix(1))) ?? 0 } }
        let early = Self.at(minute: 10), late = Self.at(minute: 20)
        #expect(try ids(catalogue.owedHooks(staleBefore: early, limit: nil)) == [1, 2, 3])
        #expect(try ids(catalogue.owedHooks(staleBefore: early, limit: 1)) == [1])

        let first = Self.job(1, .done).jobID
        #expect(try catalogue.claimHook(job: first, now: Self.at(minute: 15), staleBefore: early))
        #expect(try !catalogue.claimHook(job: first, now: Self.at(minute: 16), staleBefore: early), "taken, not yet stale")
        #expect(try ids(catalogue.owedHooks(staleBefore: early, limit: nil)) == [2, 3])
        #expect(try ids(catalogue.owedHooks(staleBefore: late, limit: nil)) == [1, 2, 3], "its taker went quiet")
        #expect(try catalogue.claimHook(job: first, now: Self.at(minute: 21), staleBefore: late))
        #expect(try catalogue.job(first)?.hookState == "running:" + Self.at(minute: 21).rfc3339)
        try catalogue.setHookState("done", job: first)
        #expect(try !catalogue.claimHook(job: first, now: Self.at(minute: 30), staleBefore: Self.at(minute: 30)))
        #expect(try !catalogue.claimHook(job: Self.job(4, .running).jobID, now: late, staleBefore: late), "a running job owes none")

        try catalogue.settleUnhookedPending(hooked: ["acme"])
        #expect(try catalogue.job(Self.job(3, .done).jobID)?.hookState == "none")
        #expect(try catalogue.job(Self.job(2, .failed).jobID)?.hookState == "pending")
        try catalogue.settleUnhookedPending(hooked: [])
        #expect(try catalogue.owedHooks(staleBefore: late, limit: nil).isEmpty)
    }
}
