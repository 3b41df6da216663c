import Glibc

/// Claiming drops (spec section 5, step 3) and refusing misnamed ones.
public struct Claims: Sendable {
    let root: Root
    let configuration: Configuration
    let logger: Logger

    /// Claims for `root`.
    public init(root: Root, configuration: Configuration, logger: Logger) {
        self.root = root
        self.configuration = configuration
        self.logger = logger
    }

    /// Renames a drop into `work/WORKSPACE/JOB__TYPE__NAME` and records it `QUEUED`.
    /// Nil when another process claimed it first (the rename found nothing).
    public func claim(
        _ drop: Drop, workspace: String, type: ImportType, format: DocumentFormat, catalogue: Catalogue
    ) throws -> ClaimedJob? {
        let now = Timestamp.now()
        let job = JobID.make(at: now)
        let workName = ClaimedJob.workName(job: job, type: type, name: drop.fileName)
        let folder = root.work(workspace)
        try FileSystem.createDirectories(folder)
        let workPath = folder + "/" + workName
        do {
            try FileSystem.renameNoReplace(drop.path, to: workPath)
        } catch {
            if error.isNotFound { return nil }
            throw error
        }
        try FileSystem.syncDirectory(folder)
        if drop.hasMarker { try FileSystem.removeFile(drop.markerPath) }
        var record = JobRecord(jobID: job, workspace: workspace, apiType: type.apiType, status: .queued,
                               sourceName: drop.fileName, queuedAt: now)
        record.sourceFormat = format.rawValue
        record.sourceBytes = drop.status.size
        record.workName = workName
        try catalogue.save(record)
        logger.log(.info, "job_claimed", ["workspace": workspace, "job": job, "file": drop.fileName])
        return ClaimedJob(record: record, workPath: workPath, type: type, format: format, inboxPath: drop.path)
    }

    /// Links (or, across filesystems, copies) a caller's file into `work/` for
    /// `intake import`: the caller's file is never moved or changed.
    public func claimCopy(
        of path: String, name: String? = nil, workspace: String, type: ImportType, format: DocumentFormat,
        catalogue: Catalogue
    ) throws -> ClaimedJob {
        let now = Timestamp.now()
        let job = JobID.make(at: now)
        let name = name ?? String(path.split(separator: "/").last ?? "document")
        let workName = ClaimedJob.workName(job: job, type: type, name: name)
        let folder = root.work(workspace)
        try FileSystem.createDirectories(folder)
        let workPath = folder + "/" + workName
        do {
            try FileSystem.link(path, to: workPath)
        } catch {
            guard error.code == EXDEV || error.code == EPERM || error.code == EMLINK else { throw error }
            try FileSystem.copy(path, to: workPath)
        }
        try FileSystem.syncDirectory(folder)
        var record = JobRecord(jobID: job, workspace: workspace, apiType: type.apiType, status: .queued,
                               sourceName: name, queuedAt: now)
        record.sourceFormat = format.rawValue
        record.sourceBytes = try FileStatus.of(workPath).size
        record.workName = workName
        try catalogue.save(record)
        return ClaimedJob(record: record, workPath: workPath, type: type, format: format, inboxPath: nil)
    }

    /// Refuses a drop by its name: the file goes to `failed/WORKSPACE/` (or
    /// `failed/_unrouted/`) unread, with a `REJECTED` result in the outbox.
    /// `move` is false for `intake import`, which never moves the caller's file.
    @discardableResult
    public func refuse(
        path: String, name: String, workspace: String?, refusal: Refusal, type: ImportType?,
        markerPath: String?, move: Bool, catalogue: Catalogue
    ) throws -> JobRecord? {
        let now = Timestamp.now()
        let job = JobID.make(at: now)
        let target = workspace ?? Root.unrouted
        var mode = configuration.outboxMode
        var message = refusal.message
        if move {
            let status = try FileStatus.ifExists(path)
            guard let status else { return nil }
            if status.kind == .regular { mode &= status.permissions }
            do {
                if status.kind == .symlink {
                    // Never kept in failed/: a link there would still point outside the root.
                    try FileSystem.removeFile(path)
                    message += "; the link was removed from the inbox and nothing it points to was read"
                } else {
                    let folder = root.failed(target)
                    try FileSystem.createDirectories(folder)
                    try FileSystem.renameNoReplace(path, to: folder + "/" + job + "__" + name)
                }
            } catch {
                if error.isNotFound { return nil }
                throw error
            }
            if let markerPath { try FileSystem.removeFile(markerPath) }
        }
        var record = JobRecord(jobID: job, workspace: target, apiType: type?.apiType, status: .rejected,
                               sourceName: name, queuedAt: now)
        record.finishedAt = now
        let error = JobError(code: refusal.code, message: message, errorCode: refusal.httpStatus)
        record.error = error
        let report = try ReportBuilder.withoutRows(folder: root.outbox(target), jobID: job, mode: mode, rejectedExtension: "csv")
        try report.addDocumentError(error)
        try report.commit(record)
        try catalogue.save(record)
        logger.log(.warning, "drop_rejected", [
            "workspace": target, "job": job, "file": name, "code": refusal.code, "message": message,
        ])
        return record
    }
}
