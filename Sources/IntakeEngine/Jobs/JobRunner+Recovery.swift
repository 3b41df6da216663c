import Foundation
import IntakeCore
import IntakeSystem

extension JobRunner {
    /// Recovery (spec section 5, step 2), run under the workspace lock: finishes
    /// what a crashed process left. A claimed file whose job committed is reported
    /// and archived; any other is run again, its attempts counted, until
    /// `max_attempts`. Catalogue rows left unfinished with no claimed file are
    /// settled from the store and the outbox.
    ///
    /// A job whose run faults (disk full, a busy database) is logged, left
    /// claimed and set aside, and the next claimed file is recovered: one
    /// faulting file never holds back the others. Jobs in `skipping` (set aside
    /// earlier in this pass) are not tried again.
    public func recover(
        startedAt: Timestamp, skipping: Set<String> = []
    ) throws(InfrastructureFault) -> (outcomes: [JobOutcome], faults: [InfrastructureFault]) {
        var outcomes: [JobOutcome] = []
        var faults: [InfrastructureFault] = []
        let folder = root.work(workspace)
        let names: [String]
        do {
            names = try FileSystem.list(folder)
        } catch {
            throw InfrastructureFault.classify(error, job: "-")
        }
        var seen = Set<String>()
        // Each job run again starts when the one before it ended, not when the lock was taken.
        var next = startedAt
        for name in names where !name.hasPrefix(".") {
            guard let parsed = ClaimedJob.parseWorkName(name) else {
                logger.log(.warning, "unknown_work_file", [
                    "workspace": workspace, "file": name,
                    "message": "a file in work/ that Intake did not claim; move it back to the inbox to import it",
                ])
                continue
            }
            seen.insert(parsed.job)
            guard !skipping.contains(parsed.job) else { continue }
            do {
                outcomes.append(try recover(workName: name, parsed: parsed, startedAt: next))
            } catch {
                faults.append(error)
            }
            next = Timestamp.now()
        }
        do {
            for record in try catalogue.unfinishedJobs(workspace: workspace) where !seen.contains(record.jobID) {
                try settleOrphan(record)
            }
        } catch {
            throw InfrastructureFault.classify(error, job: "-")
        }
        return (outcomes, faults)
    }

    private func recover(
        workName: String, parsed: (job: String, type: ImportType, name: String), startedAt: Timestamp
    ) throws(InfrastructureFault) -> JobOutcome {
        let path = root.work(workspace) + "/" + workName
        let format = drivers.handlers.format(forExtension: drivers.handlers.split(parsed.name).documentExtension) ?? drivers.handlers.fallback
        do {
            var record = try catalogue.job(parsed.job) ?? JobRecord(
                jobID: parsed.job, workspace: workspace, apiType: parsed.type.apiType, status: .queued,
                sourceName: parsed.name, queuedAt: Timestamp(rfc3339: JobID.timeText(parsed.job)) ?? startedAt)
            record.workName = workName
            record.sourceFormat = format.rawValue
            let job = ClaimedJob(record: record, workPath: path, type: parsed.type, format: format,
                                 inboxPath: inboxPath(type: parsed.type, name: record.sourceName))
            removeTemporaries(of: parsed.job)
            logger.log(.info, "job_recovered", [
                "workspace": workspace, "job": record.jobID, "file": record.sourceName,
                "status": record.status.rawValue, "attempts": String(record.attempts),
            ])
            if let sequence = try store.appliedSequence(job: parsed.job) {
                return .finished(try rebuildReport(job, sequence: sequence))
            }
            if record.attempts >= configuration.maxAttempts {
                let failure = DocumentFailure(
                    "too_many_attempts",
                    "the import was interrupted \(record.attempts) times (the process stopped during the job) and was not tried again; check the logs, then drop the file again",
                    errorCode: 500)
                let mode = configuration.outboxMode(for: workspace, original: (try? FileStatus.of(path).permissions) ?? 0o600)
                return .finished(try fail(job, record: record, failure: failure, mode: mode))
            }
            return try run(job, startedAt: startedAt)
        } catch let fault as InfrastructureFault {
            throw fault
        } catch {
            throw InfrastructureFault.classify(error, job: parsed.job)
        }
    }

    /// A catalogue row still unfinished whose claimed file is gone: the process
    /// stopped after moving the file but before writing the final status.
    private func settleOrphan(_ record: JobRecord) throws {
        var record = record
        if try store.appliedSequence(job: record.jobID) != nil {
            record.status = .done
        } else if let written = outboxStatus(record.jobID) {
            record.status = written
        } else {
            record.status = .failed
            record.error = JobError(
                code: "file_lost",
                message: "the claimed file left work/ before the job finished (it was removed or moved); nothing was stored: drop the file again",
                errorCode: 500)
            record.finishedAt = record.finishedAt ?? Timestamp.now()
            // Every finished job has its result, this one too.
            let report = try ReportBuilder.withoutRows(
                folder: root.outbox(workspace), jobID: record.jobID, mode: configuration.outboxMode, sealer: reportSealer())
            try report.addDocumentError(record.error ?? JobError(code: "file_lost", message: ""))
            try report.commit(record)
        }
        record.finishedAt = record.finishedAt ?? Timestamp.now()
        try catalogue.save(record)
        logger.log(.info, "job_settled", ["workspace": workspace, "job": record.jobID, "status": record.status.rawValue])
    }

    /// The status a job's committed `result.json` states, if there is one. An
    /// encrypted one (`encrypt_reports_to`) cannot be read here: the job had
    /// ended without storing anything (its store has no applied job), so FAILED,
    /// and the result the customer got stays as it is.
    private func outboxStatus(_ job: String) -> JobStatus? {
        let path = root.resultFile(workspace: workspace, job: job)
        if path.hasSuffix(".pgp") { return .failed }
        guard let bytes = try? FileSystem.readFile(path),
              let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let text = object["status"] as? String
        else { return nil }
        return JobStatus(rawValue: text)
    }

    /// Where a claimed file came from: `inbox/NAME` when NAME is in the shared
    /// form for this workspace and type, else `inbox/WORKSPACE/TYPE/NAME`
    /// (`NAME` as the catalogue keeps it: a nested drop's path below its type folder).
    package func inboxPath(type: ImportType, name: String) -> String {
        name.hasPrefix(workspace + "__" + type.name + "__")
            ? root.inbox + "/" + name
            : root.inbox + "/" + workspace + "/" + type.name + "/" + name
    }

    /// Removes what a process killed while it wrote `job`'s report left in the
    /// outbox: its temporary files (`.JOB.NAME.tmp-PID-…`, `..JOB.progress.tmp-…`).
    /// Under the workspace lock no other process writes that job's files.
    package func removeTemporaries(of job: String) {
        let folder = root.outbox(workspace)
        for name in (try? FileSystem.list(folder)) ?? []
        where (name.hasPrefix("." + job + ".") || name.hasPrefix(".." + job + ".")) && name.contains(".tmp-") {
            try? FileSystem.removeFile(folder + "/" + name)
        }
    }
}
