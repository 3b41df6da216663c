import IntakeCore
import IntakeSystem

/// Jobs left claimed in a workspace that was then removed from `intake.json`
/// (spec section 5, step 7): no recovery will ever run them, so each ends
/// `FAILED` (`workspace_removed`), its original in `failed/_unrouted/` and its
/// result in `outbox/_unrouted/`. Nothing is left without a result.
package struct RemovedWorkspaces {
    package let root: Root
    package let configuration: Configuration
    package let drivers: Drivers
    package let logger: Logger

    /// Settles every claimed file and unfinished job of workspaces no longer
    /// configured, under each one's lock (a process still running the old
    /// configuration finishes its own job first).
    package func settle(catalogue: any JobCatalogue) throws -> [JobRecord] {
        var settled: [JobRecord] = []
        var removed = Set(try FileSystem.list(root.work).filter {
            !$0.hasPrefix(".") && configuration.workspaces[$0] == nil
        })
        for record in try catalogue.unfinishedJobs() where configuration.workspaces[record.workspace] == nil {
            removed.insert(record.workspace)
        }
        for workspace in removed.sorted() where WorkspaceName.isValid(workspace) {
            guard let lock = try drivers.storage(configuration, root).locks.tryAcquire(workspace, job: nil, store: nil) else { continue }
            defer { lock.release() }
            var seen = Set<String>()
            for name in try FileSystem.list(root.work(workspace)) where !name.hasPrefix(".") {
                guard let parsed = ClaimedJob.parseWorkName(name) else { continue }
                seen.insert(parsed.job)
                var record = try catalogue.job(parsed.job) ?? JobRecord(
                    jobID: parsed.job, workspace: workspace, apiType: parsed.type.apiType, status: .queued,
                    sourceName: parsed.name, queuedAt: Timestamp(rfc3339: JobID.timeText(parsed.job)) ?? Timestamp.now())
                let failed = root.failed(Root.unrouted)
                try FileSystem.createDirectories(failed)
                try FileSystem.rename(root.work(workspace) + "/" + name,
                                      to: failed + "/" + StoredName.original(job: parsed.job, name: record.sourceName))
                try FileSystem.syncDirectory(failed)
                record.workName = name
                settled.append(try end(&record, catalogue: catalogue))
            }
            for var record in try catalogue.unfinishedJobs(workspace: workspace) where !seen.contains(record.jobID) {
                settled.append(try end(&record, catalogue: catalogue))
            }
        }
        return settled
    }

    private func end(_ record: inout JobRecord, catalogue: any JobCatalogue) throws -> JobRecord {
        record.status = .failed
        record.finishedAt = Timestamp.now()
        record.error = JobError(
            code: "workspace_removed",
            message: "workspace \(record.workspace) was removed from intake.json while this file waited in work/; nothing was stored and the file was kept in failed/\(Root.unrouted)/: configure the workspace again and drop the file again",
            errorCode: 404)
        let report = try ReportBuilder.withoutRows(
            folder: root.outbox(Root.unrouted), jobID: record.jobID, mode: configuration.outboxMode)
        try report.addDocumentError(record.error ?? JobError(code: "workspace_removed", message: ""))
        try report.commit(record)
        try catalogue.save(record)
        logger.log(.warning, "job_failed", [
            "workspace": record.workspace, "job": record.jobID, "file": record.sourceName, "code": "workspace_removed",
        ])
        return record
    }
}
