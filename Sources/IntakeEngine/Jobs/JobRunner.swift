import IntakeCore
import IntakeSystem

/// Runs one claimed job of one workspace through import, report and archive
/// (spec section 5, steps 4-6). The caller holds the workspace lock.
public final class JobRunner {
    package let root: Root
    package let configuration: Configuration
    package let catalogue: any JobCatalogue
    package let store: any RecordStore
    /// The lock the caller holds for the job, checked before a job's results
    /// are written (PostgreSQL: its session may have ended).
    public var lock: (any WorkspaceLock)?
    package let logger: Logger
    /// The storage and the formats this process was given.
    package let drivers: Drivers
    /// The workspace whose jobs this runs.
    public let workspace: String
    /// Imports even content already `DONE` (`intake retry --force`).
    public var skipDedupe = false
    /// The GnuPG home OpenPGP drops are decrypted with: the root's `keys/`
    /// unless set (`intake validate` runs in a scratch root with the named root's keys).
    public var keysFolder: String?
    /// Called now and then while rows stream (rows so far, bytes read, bytes in all).
    public var onProgress: ((Int, Int64, Int64) -> Void)?

    /// A runner for `workspace`, opening its store unless it is given one already open.
    public init(
        root: Root, configuration: Configuration, drivers: Drivers, workspace: String, catalogue: any JobCatalogue, logger: Logger,
        store: (any RecordStore)? = nil
    ) throws {
        self.root = root
        self.drivers = drivers
        self.configuration = configuration
        self.workspace = workspace
        self.catalogue = catalogue
        self.logger = logger
        self.store = try store ?? drivers.storage(configuration, root).openStore(workspace)
        try root.prepareOutbox(workspace, customerGroup: configuration.workspaces[workspace]?.customerGroup, logger: logger)
    }

    /// Imports a claimed job. A document failure ends it `FAILED`; an
    /// infrastructure fault rolls back and throws, leaving the file claimed.
    public func run(_ job: ClaimedJob, startedAt: Timestamp) throws(InfrastructureFault) -> JobOutcome {
        var record = job.record
        if !job.savedRunning {
            record.status = .running
            record.startedAt = startedAt
            record.attempts += 1
        }
        do {
            if !job.savedRunning { try catalogue.save(record) }
            let opening: HeldDrop.Opening
            do {
                opening = try HeldDrop.open(job.workPath, lease: job.inboxPath != nil)
            } catch {
                if error.isNotFound { return .finished(try endLost(job, record: record)) }
                guard let failure = JobRunner.unreadable(error, path: job.workPath) else { throw error }
                return .finished(try fail(job, record: record, failure: failure, mode: configuration.outboxMode))
            }
            guard case .held(let held) = opening else {
                // A writer opened it between the readiness check and the claim.
                return try giveBack(job, record: record, because: "a process opened the file for writing as it was claimed")
            }
            record.sourceBytes = held.before.size
            // Known from the name: a job refused by a layer still says what it came in.
            record.sourceLayers = drivers.handlers.split(record.sourceName).layers.map(\.name)
            let mode = configuration.outboxMode(for: workspace, original: held.before.permissions)
            do {
                try checkSize(held.before.size)
                let imported = try importDocument(job: job, record: &record, file: held.file, mode: mode)
                return try complete(job, record: &record, imported: imported, held: held, mode: mode)
            } catch let failure as DocumentFailure {
                return .finished(try fail(job, record: record, failure: failure, mode: mode))
            }
        } catch let fault as InfrastructureFault {
            throw fault
        } catch {
            let fault = InfrastructureFault.classify(error, job: record.jobID)
            if fault.transient {
                record.attempts -= 1  // a fault of the machine does not count against the document
            }
            record.status = .queued
            try? catalogue.save(record)
            throw fault
        }
    }

    /// A claimed file Intake cannot open for a reason that will not pass by
    /// itself, as the document failure that says what to change; nil for a
    /// fault of the machine (retried).
    package static func unreadable(_ error: SystemError, path: String) -> DocumentFailure? {
        switch error {
        case _ where error.isNotARegularFile:
            return DocumentFailure(
                "not_a_regular_file", "the claimed file is a symbolic link or special file; Intake reads only regular files",
                errorCode: 400)
        case _ where error.isPermissionDenied:
            let status = try? FileStatus.of(path)
            let mode = status.map { "0" + String($0.permissions, radix: 8) } ?? "?"
            let owner = status.map { "uid \($0.owner), gid \($0.group)" } ?? "its owner"
            return DocumentFailure(
                "unreadable",
                "the file's mode \(mode) (owner \(owner)) keeps Intake (uid \(CurrentProcess.userID), gid \(CurrentProcess.groupID)) from reading it; upload it readable by its group (mode 0640: `chmod 640` it before uploading) and drop it again",
                errorCode: 403)
        default:
            return nil
        }
    }

    /// The claimed file vanished from `work/` (someone removed it): the job
    /// ends `FAILED` (`file_lost`) with its result, nothing stored.
    package func endLost(_ job: ClaimedJob, record: JobRecord) throws -> JobRecord {
        try lock?.confirmHeld()
        var record = record
        record.status = .failed
        record.finishedAt = Timestamp.now()
        record.error = JobError(
            code: "file_lost", message: "the claimed file left work/ before the job finished (it was removed or moved); nothing was stored: drop the file again",
            errorCode: 500)
        let report = try emptyReport(job, record: record, mode: configuration.outboxMode)
        try report.addDocumentError(record.error ?? JobError(code: "file_lost", message: ""))
        try report.commit(record)
        try catalogue.save(record)
        logger.log(.warning, "job_failed", ["workspace": workspace, "job": record.jobID, "file": record.sourceName, "code": "file_lost"])
        return record
    }

    private func checkSize(_ size: Int64) throws(DocumentFailure) {
        if size == 0 {
            throw DocumentFailure("empty", "the file is empty; export it again", errorCode: 422)
        }
        if size > configuration.maxFileBytes {
            throw DocumentFailure(
                "file_too_large",
                "the file has \(size) bytes, more than max_file_bytes (\(configuration.maxFileBytes)); split it or raise the limit",
                errorCode: 413)
        }
    }

    /// After the rows: dedupe by content, check the file did not change, commit,
    /// then report and archive.
    private func complete(
        _ job: ClaimedJob, record: inout JobRecord, imported: ImportedDocument, held: HeldDrop, mode: UInt32
    ) throws -> JobOutcome {
        record.sha256 = imported.sha256
        record.sourceLayers = imported.layers
        record.contentSha256 = imported.contentSha256
        if let change = try held.change(at: job.workPath) {
            imported.transaction.rollback()
            if change.sizeNow == nil { return .finished(try endLost(job, record: record)) }
            return try giveBack(job, record: record, because: "the file changed while it was imported: \(change)")
        }
        if !skipDedupe,
           let earlier = try catalogue.doneJob(workspace: workspace, apiType: job.type.apiType, sha256: imported.sha256) {
            imported.transaction.rollback()
            return .finished(try endDuplicate(job, record: record, earlier: earlier, mode: mode))
        }
        record.updatePayments = imported.updatePayments
        if imported.report.failed > 0,
           configuration.workspaces[workspace]?.settings(for: job.type).allOrNothing == true {
            imported.transaction.rollback()
            return .finished(try failAllOrNothing(job, record: record, report: imported.report))
        }
        try imported.transaction.commit()
        record.status = .applied
        record.total = imported.report.total
        record.processed = imported.report.total
        record.succeeded = imported.report.succeeded
        record.failed = imported.report.failed
        record.warnings = imported.report.warnings + imported.report.documentWarnings.count
        try catalogue.save(record)
        return .finished(try finish(job, record: record, report: imported.report, change: try held.change(at: job.workPath)))
    }

    /// Report, archive, `DONE`: the last steps of an applied job (also used by
    /// recovery). An original that `change` says was written to after the
    /// commit goes to `failed/` instead of `archive/`, the result saying so:
    /// the archive only ever holds what was imported.
    package func finish(_ job: ClaimedJob, record: JobRecord, report: ReportBuilder, change: HeldDrop.Change?) throws -> JobRecord {
        // A process that lost its lock (its database session) writes nothing:
        // the process that holds it now finishes the job from its store.
        try lock?.confirmHeld()
        var record = record
        record.status = .done
        record.finishedAt = Timestamp.now()
        if let change {
            record.error = JobError(
                code: "file_changed_after_import",
                message: "the rows read were stored, but the file was written to after they were: \(change); it was kept in failed/\(workspace)/ instead of the archive. If the upload was not finished, drop the whole file again (under a temporary name, renamed when complete, or with a NAME.done marker)",
                errorCode: 409)
        }
        try report.commit(record)
        if let change {
            if change.sizeNow != nil { try moveOriginal(job, record: record, to: root.failed(workspace)) }
        } else {
            try archive(job, record: record)
        }
        try catalogue.save(record)
        logger.log(change == nil ? .info : .warning, change == nil ? "job_done" : "file_changed_after_import", [
            "workspace": workspace, "job": record.jobID, "file": record.sourceName,
            "rows": String(record.total), "failed": String(record.failed), "message": change?.description,
        ])
        return record
    }

    private func archive(_ job: ClaimedJob, record: JobRecord) throws {
        try moveOriginal(job, record: record, to: root.archive(workspace, day: (record.finishedAt ?? Timestamp.now()).day))
    }

    package func moveOriginal(_ job: ClaimedJob, record: JobRecord, to folder: String) throws {
        let target = folder + "/" + StoredName.original(job: record.jobID, name: record.sourceName)
        do {
            try FileSystem.rename(job.workPath, to: target)
        } catch {
            // The day's folder is made by its first job (a missing original fails again below).
            guard error.isNotFound else { throw error }
            try FileSystem.createDirectories(folder)
            try FileSystem.rename(job.workPath, to: target)
        }
        try FileSystem.syncDirectory(folder)
    }

    /// Ends a job `FAILED` for its document: nothing stored, original to
    /// `failed/`. `rows` is the report of rows already read (all or nothing):
    /// its counts, errors and rejected rows stay, its progress goes.
    package func fail(
        _ job: ClaimedJob, record: JobRecord, failure: DocumentFailure, mode: UInt32, rows: ReportBuilder? = nil
    ) throws -> JobRecord {
        try lock?.confirmHeld()
        var record = record
        record.status = .failed
        record.error = failure.error
        record.finishedAt = Timestamp.now()
        record.total = rows?.total ?? 0
        record.processed = record.total
        record.succeeded = 0
        record.failed = rows?.failed ?? 0
        record.warnings = 0
        let report = try rows ?? emptyReport(job, record: record, mode: mode)
        report.dropProgress()
        try report.addDocumentError(failure.error)
        try report.commit(record)
        try moveOriginal(job, record: record, to: root.failed(workspace))
        try catalogue.save(record)
        logger.log(.warning, "job_failed", [
            "workspace": workspace, "job": record.jobID, "file": record.sourceName,
            "code": failure.error.code, "line": failure.error.line.map(String.init), "message": failure.error.message,
        ])
        return record
    }

    /// Ends a job `FAILED` because rows failed where the workspace takes a
    /// document whole or not at all: nothing stored, the failed rows still in
    /// the errors CSV and the rejected file so they can be fixed.
    private func failAllOrNothing(_ job: ClaimedJob, record: JobRecord, report: ReportBuilder) throws -> JobRecord {
        let failure = DocumentFailure(
            "all_or_nothing",
            "\(report.failed) of \(report.total) records failed and this workspace takes \(job.type.name) documents whole or not at all (all_or_nothing); nothing was stored: fix the rows listed in the errors file and drop the whole document again")
        return try fail(job, record: record, failure: failure, mode: 0, rows: report)
    }

    private func endDuplicate(_ job: ClaimedJob, record: JobRecord, earlier: String, mode: UInt32) throws -> JobRecord {
        try lock?.confirmHeld()
        var record = record
        record.status = .duplicate
        record.error = JobError(
            code: "duplicate_content",
            message: "the same content was already imported by job \(earlier) for \(workspace)/\(job.type.name); nothing was stored again",
            errorCode: 409)
        record.finishedAt = Timestamp.now()
        let report = try emptyReport(job, record: record, mode: mode)
        try report.addDocumentError(record.error ?? JobError(code: "duplicate_content", message: ""))
        try report.commit(record)
        try archive(job, record: record)
        try catalogue.save(record)
        logger.log(.info, "job_duplicate", ["workspace": workspace, "job": record.jobID, "earlier": earlier])
        return record
    }

    package func emptyReport(_ job: ClaimedJob, record: JobRecord, mode: UInt32) throws(SystemError) -> ReportBuilder {
        try ReportBuilder.withoutRows(
            folder: root.outbox(workspace), jobID: record.jobID, mode: mode, sealer: reportSealer())
    }

    /// The sealer of this workspace's outbox files (`encrypt_reports_to`), nil when they stay plain.
    package func reportSealer() throws(SystemError) -> (any FileSealer)? {
        try drivers.reportSealer(workspace: workspace, configuration: configuration, root: root)
    }
}

@available(*, unavailable)
extension JobRunner: Sendable {}
