import IntakeCore
import IntakeSystem
import Synchronization

/// Claiming drops (spec section 5, step 3) and refusing misnamed ones.
public struct Claims: Sendable {
    package let root: Root
    package let configuration: Configuration
    package let logger: Logger
    /// What encrypts a refusal's result for a workspace with `encrypt_reports_to`.
    package let drivers: Drivers

    /// Claims for `root`, whose refusals' reports `drivers` encrypts where the workspace asks.
    public init(root: Root, configuration: Configuration, drivers: Drivers, logger: Logger) {
        self.root = root
        self.configuration = configuration
        self.drivers = drivers
        self.logger = logger
    }

    /// Renames a drop into `work/WORKSPACE/JOB__TYPE__NAME` and records it
    /// `QUEUED`. The rename is relative to the drop's folder opened as the scan
    /// saw it (``DropFolder``), never through a link. Nil when there is nothing
    /// to run: another process claimed it first, or its folder or the file
    /// itself was swapped after the scan (a link put there is removed and the
    /// swap answered with a `path_changed` result; a moved folder is looked at
    /// again by the next scan).
    ///
    /// `runningFrom`, when the job runs at once under the same lock hold: the one
    /// catalogue write of the claim records it `RUNNING` (first attempt, started
    /// then) instead of `QUEUED` followed by a second write. A crash after it
    /// leaves a claimed file and a `RUNNING` job, which recovery runs again as it
    /// would a job that crashed while importing.
    public func claim(
        _ drop: Drop, workspace: String, type: ImportType, format: DocumentFormat, catalogue: any JobCatalogue,
        runningFrom startedAt: Timestamp? = nil
    ) throws -> ClaimedJob? {
        guard let folder = try openFolder(of: drop, workspace: workspace, type: type, catalogue: catalogue) else { return nil }
        guard let now = try folder.status(of: drop.fileName) else { return nil }
        guard now.kind == .regular, now.inode == drop.status.inode else {
            if now.kind == .symlink || now.kind == .other {
                try refuse(drop, in: folder, workspace: workspace, refusal: Refusal(
                    code: "not_a_regular_file",
                    message: "\(drop.name) was replaced by a symbolic link or special file after the scan; Intake reads only regular files, copy the file itself",
                    httpStatus: 400), type: type, catalogue: catalogue)
            }
            return nil
        }
        var claimedAt = Timestamp.now()
        var job = JobID.make(at: claimedAt)
        if let marked = try markedJob(drop, in: folder, catalogue: catalogue) {
            // An import posted to `intake serve` keeps the id (and queue time) its answer gave.
            job = marked
            claimedAt = Timestamp(rfc3339: JobID.timeText(marked)) ?? claimedAt
        }
        let workName = ClaimedJob.workName(job: job, type: type, name: drop.name)
        let work = try openWork(workspace)
        do {
            try folder.move(drop.fileName, to: work, as: workName)
        } catch {
            if error.isNotFound { return nil }
            if isNotMovable(error) {
                logNotMovable(drop, workspace: workspace, error)
                return nil
            }
            throw error
        }
        try work.sync()
        if drop.hasMarker { try folder.remove(drop.fileName + ".done") }
        var record = JobRecord(jobID: job, workspace: workspace, apiType: type.apiType, status: .queued,
                               sourceName: drop.name, queuedAt: claimedAt)
        record.sourceFormat = format.rawValue
        record.sourceBytes = drop.status.size
        record.workName = workName
        if let startedAt {
            record.status = .running
            record.startedAt = startedAt
            record.attempts = 1
        }
        try catalogue.save(record)
        logger.log(.info, "job_claimed", ["workspace": workspace, "job": job, "file": drop.name])
        var claimed = ClaimedJob(record: record, workPath: work.path + "/" + workName, type: type, format: format, inboxPath: drop.path)
        claimed.savedRunning = startedAt != nil
        return claimed
    }

    /// `work/WORKSPACE`, made by the workspace's first claim.
    private func openWork(_ workspace: String) throws(SystemError) -> DirectoryDescriptor {
        do {
            return try DirectoryDescriptor.open(root.work(workspace))
        } catch {
            guard error.isNotFound else { throw error }
            try FileSystem.createDirectories(root.work(workspace))
            return try DirectoryDescriptor.open(root.work(workspace))
        }
    }

    /// The drop's folder as the scan saw it, or nil (logged; a link found in its
    /// place is removed and, for a configured workspace, answered with a
    /// `path_changed` result).
    private func openFolder(
        of drop: Drop, workspace: String?, type: ImportType?, catalogue: any JobCatalogue
    ) throws -> DirectoryDescriptor? {
        switch try DropFolder.open(inbox: root.inbox, drop: drop) {
        case .same(let folder):
            return folder
        case .changed(let changed):
            logger.log(.warning, "path_changed", ["workspace": workspace, "file": drop.name, "message": changed.description])
            if changed.linkRemoved {
                try record(refusal: Refusal(code: "path_changed", message: "\(drop.name) was not taken: \(changed)", httpStatus: 409),
                           name: drop.name, workspace: workspace, type: type, mode: configuration.outboxMode, catalogue: catalogue)
            }
            return nil
        }
    }

    /// The job id a drop's marker names (`intake serve` writes the id it
    /// answered into `NAME.done`), when it is an id no job has yet; nil for an
    /// empty marker or any other text.
    private func markedJob(_ drop: Drop, in folder: DirectoryDescriptor, catalogue: any JobCatalogue) throws -> String? {
        guard drop.hasMarker, let marker = try? folder.openFile(drop.fileName + ".done"),
              let bytes = try? marker.readAll(limit: 64) else { return nil }
        let text = String(decoding: bytes.filter { $0 > 0x20 }, as: UTF8.self)
        guard JobID.isValid(text), try catalogue.job(text) == nil else { return nil }
        return text
    }

    /// Drops already logged as not movable, by path and inode: once per process.
    private static let loggedNotMovable = Mutex<Set<String>>([])

    /// Whether a rename out of the drop's folder was refused for good: the
    /// folder (one a customer made below a type folder, such as `sftp put -r`
    /// does with the local folder's mode, 0750) gives Intake no write access.
    /// Not a fault of the workspace: the drop stays waiting (counted by `status`
    /// and `metrics.prom`) and the drops behind it go on.
    private func isNotMovable(_ error: SystemError) -> Bool { error.isPermissionDenied }

    private func logNotMovable(_ drop: Drop, workspace: String?, _ error: SystemError) {
        let key = drop.path + "#" + String(drop.status.inode)
        guard Claims.loggedNotMovable.withLock({ $0.insert(key).inserted }) else { return }
        logger.log(.warning, "drop_not_movable", [
            "workspace": workspace, "file": drop.name,
            "message": "\(drop.name) cannot be taken out of its folder (\(error.reason)); it waits until the folder is writable by Intake's user (chmod g+w on it, or run the daemon with CAP_DAC_OVERRIDE)",
        ])
    }

    /// Links (or, across filesystems, copies) a caller's file into `work/` for
    /// `intake import`: the caller's file is never moved or changed.
    public func claimCopy(
        of path: String, name: String? = nil, workspace: String, type: ImportType, format: DocumentFormat,
        catalogue: any JobCatalogue
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
            guard error.isCrossDevice || error.isNotPermitted || error.isTooManyLinks else { throw error }
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
    /// `failed/_unrouted/`) unread, moved relative to its folder as the scan saw
    /// it, with a `REJECTED` result in the outbox. A symbolic link is removed,
    /// never kept (it would still point outside the root). Nil when the drop is
    /// gone or its folder changed.
    @discardableResult
    public func refuse(
        _ drop: Drop, workspace: String?, refusal: Refusal, type: ImportType?, catalogue: any JobCatalogue
    ) throws -> JobRecord? {
        guard let folder = try openFolder(of: drop, workspace: workspace, type: type, catalogue: catalogue) else { return nil }
        return try refuse(drop, in: folder, workspace: workspace, refusal: refusal, type: type, catalogue: catalogue)
    }

    @discardableResult
    private func refuse(
        _ drop: Drop, in folder: DirectoryDescriptor, workspace: String?, refusal: Refusal, type: ImportType?,
        catalogue: any JobCatalogue
    ) throws -> JobRecord? {
        if let raw = drop.rawName { return try refuse(drop, named: raw, in: folder, workspace: workspace, refusal: refusal, catalogue: catalogue) }
        guard let status = try folder.status(of: drop.fileName) else { return nil }
        let job = JobID.make(at: Timestamp.now())
        var mode = configuration.outboxMode
        var message = refusal.message
        if status.kind == .regular { mode = configuration.outboxMode(for: workspace, original: status.permissions) }
        do {
            if status.kind == .symlink {
                // Never kept in failed/: a link there would still point outside the root.
                try folder.remove(drop.fileName)
                message += "; the link was removed from the inbox and nothing it points to was read"
            } else {
                let target = root.failed(workspace ?? Root.unrouted)
                try FileSystem.createDirectories(target)
                let failed = try DirectoryDescriptor.open(target)
                try folder.move(drop.fileName, to: failed, as: StoredName.original(job: job, name: drop.name))
                try failed.sync()
            }
        } catch {
            if error.isNotFound { return nil }
            if isNotMovable(error) {
                logNotMovable(drop, workspace: workspace, error)
                return nil
            }
            throw error
        }
        if drop.hasMarker { try folder.remove(drop.fileName + ".done") }
        return try record(refusal: Refusal(code: refusal.code, message: message, httpStatus: refusal.httpStatus),
                          name: drop.name, workspace: workspace, type: type, mode: mode, catalogue: catalogue, job: job)
    }

    /// Refuses a drop whose name is not valid UTF-8: moved (a link removed) by
    /// its bytes, kept in `failed/` under a readable name.
    private func refuse(
        _ drop: Drop, named raw: DirectoryDescriptor.RawName, in folder: DirectoryDescriptor, workspace: String?,
        refusal: Refusal, catalogue: any JobCatalogue
    ) throws -> JobRecord? {
        guard let status = try folder.status(of: raw) else { return nil }
        let job = JobID.make(at: Timestamp.now())
        if status.kind == .symlink {
            try folder.remove(raw)
        } else {
            let target = root.failed(workspace ?? Root.unrouted)
            try FileSystem.createDirectories(target)
            let failed = try DirectoryDescriptor.open(target)
            try folder.move(raw, to: failed, as: StoredName.original(job: job, name: drop.name))
            try failed.sync()
        }
        let mode = status.kind == .regular ? configuration.outboxMode(for: workspace, original: status.permissions) : configuration.outboxMode
        return try record(refusal: refusal, name: drop.name, workspace: workspace, type: nil, mode: mode, catalogue: catalogue, job: job)
    }

    /// Records a refusal for a file that is not moved (`intake import` never
    /// moves the caller's file): a `REJECTED` job and its result.
    @discardableResult
    public func refuseUnmoved(
        name: String, workspace: String?, refusal: Refusal, type: ImportType?, catalogue: any JobCatalogue
    ) throws -> JobRecord {
        try record(refusal: refusal, name: name, workspace: workspace, type: type, mode: configuration.outboxMode, catalogue: catalogue)
    }

    /// Writes a `REJECTED` job: its result in the outbox, its catalogue row, a log line.
    @discardableResult
    private func record(
        refusal: Refusal, name: String, workspace: String?, type: ImportType?, mode: UInt32, catalogue: any JobCatalogue,
        job: String = JobID.make(at: Timestamp.now())
    ) throws -> JobRecord {
        let now = Timestamp.now()
        let target = workspace ?? Root.unrouted
        var record = JobRecord(jobID: job, workspace: target, apiType: type?.apiType, status: .rejected,
                               sourceName: name, queuedAt: now)
        record.finishedAt = now
        let error = JobError(code: refusal.code, message: refusal.message, errorCode: refusal.httpStatus)
        record.error = error
        try root.prepareOutbox(target, customerGroup: workspace.flatMap { configuration.workspaces[$0]?.customerGroup }, logger: logger)
        let sealer = try drivers.reportSealer(workspace: workspace, configuration: configuration, root: root)
        let report = try ReportBuilder.withoutRows(folder: root.outbox(target), jobID: job, mode: mode, sealer: sealer)
        try report.addDocumentError(error)
        try report.commit(record)
        try catalogue.save(record)
        logger.log(.warning, "drop_rejected", [
            "workspace": target, "job": job, "file": name, "code": refusal.code, "message": refusal.message,
        ])
        return record
    }
}
