import IntakeCore
import IntakeSystem

/// Checks that a root is whole: every database passes its integrity check,
/// the catalogue and the workspace stores agree on every job (a job is stored
/// whole or not at all, and only by a job the catalogue knows), and every finished job's original and result are where they belong.
/// What `intake verify` prints, and what the crash and concurrency tests assert.
public struct RootAudit: Sendable {
    /// Jobs in the catalogue by status.
    public var jobs: [JobStatus: Int] = [:]
    /// Stores checked.
    public var stores = 0
    /// Jobs applied in the stores.
    public var appliedJobs = 0
    /// Entries in the stores.
    public var entries = 0
    /// Records in the stores, all types.
    public var records = 0
    /// Claimed files and unfinished jobs that the next run will complete (not problems).
    public var pending: [String] = []
    /// Everything that is wrong, one sentence each.
    public var problems: [String] = []

    /// Archived originals whose size (and, with `content`, SHA-256) was compared with their job's.
    public var originalsChecked = 0

    /// Audits `root`; reads only. With `content`, every archived original's
    /// SHA-256 is computed and compared with its job's (reads every archived byte).
    public static func run(_ root: Root, storage: any Storage, content: Bool = false) throws -> RootAudit {
        var audit = RootAudit()
        let catalogue = try storage.openCatalogue()
        if let problem = try catalogue.integrityProblem() { audit.problems.append("catalogue: integrity check says \(problem)") }
        let all = try catalogue.jobs(limit: Int.max)
        var byID: [String: JobRecord] = [:]
        for job in all {
            audit.jobs[job.status, default: 0] += 1
            byID[job.jobID] = job
        }
        var claimed: Set<String> = []
        for workspace in (try? FileSystem.list(root.work)) ?? [] where !workspace.hasPrefix(".") {
            for name in (try? FileSystem.list(root.work(workspace))) ?? [] where !name.hasPrefix(".") {
                let job = String(name.prefix { $0 != "_" })
                claimed.insert(job)
                if let record = byID[job], record.status.isFinal {
                    audit.problems.append("job \(job) is \(record.status.rawValue) but its file is still claimed in work/\(workspace)/")
                } else {
                    audit.pending.append("work/\(workspace)/\(name)")
                }
            }
        }
        var applied: [String: (workspace: String, entries: Int, records: Int)] = [:]
        for workspace in try storage.storedWorkspaces() {
            audit.stores += 1
            audit.add(try storage.openStore(workspace).audit(), workspace: workspace, applied: &applied)
        }
        for (jobID, stored) in applied {
            guard let job = byID[jobID] else {
                if stored.entries > 0 {
                    audit.problems.append("store \(stored.workspace) holds job \(jobID), which the catalogue does not know")
                }
                continue
            }
            switch job.status {
            case .done:
                if stored.entries != 0 && stored.entries != job.total {
                    audit.problems.append("job \(jobID) is half stored: \(stored.entries) entries for \(job.total) rows")
                }
                if stored.records > job.succeeded {
                    audit.problems.append("job \(jobID) owns \(stored.records) records but only \(job.succeeded) rows succeeded")
                }
            default:
                if !job.status.isFinal && claimed.contains(jobID) {
                    audit.pending.append("job \(jobID) committed, report pending")
                } else {
                    audit.problems.append("job \(jobID) is stored in \(stored.workspace) but the catalogue says \(job.status.rawValue)")
                }
            }
        }
        let configured = (try? Configuration.load(path: root.configuration)).map { Set($0.workspaces.keys) }
        for job in all {
            // Where a finished job's original is (nil once purged): looked up once, used twice below.
            let original = job.status.isFinal ? try root.original(of: job) : nil
            if !job.status.isFinal, let configured, !configured.contains(job.workspace) {
                audit.problems.append("job \(job.jobID) is \(job.status.rawValue) in workspace \(job.workspace), which intake.json no longer configures: the next run ends it FAILED (workspace_removed)")
            }
            // `intake purge` removes a job's outbox files and its original together: a job missing both was purged.
            let hasResult = job.status.isFinal && (FileSystem.exists(root.resultFile(workspace: job.workspace, job: job.jobID))
                || FileSystem.exists(root.outbox(Root.unrouted) + "/" + job.jobID + ".result.json"))
            if job.status.isFinal, !hasResult, original != nil {
                audit.problems.append("job \(job.jobID) is \(job.status.rawValue) but has no result.json")
            }
            if hasResult, original == nil, job.keepsOriginal {
                audit.problems.append("job \(job.jobID) is \(job.status.rawValue) but its original \(StoredName.original(job: job.jobID, name: job.sourceName)) is in neither archive/\(job.workspace)/ nor failed/\(job.workspace)/ (removed or moved by hand?); restore it from a backup, or `intake purge` the job")
            }
            if job.status == .done && job.total > 0 && applied[job.jobID] == nil {
                audit.problems.append("job \(job.jobID) is DONE with \(job.total) rows but no store holds it")
            }
            if !job.status.isFinal {
                if claimed.contains(job.jobID) {
                    audit.pending.append("job \(job.jobID) \(job.status.rawValue)")
                } else {
                    audit.problems.append("job \(job.jobID) is \(job.status.rawValue) but no file is claimed for it")
                }
            }
            if let original, original.hasPrefix(root.archive + "/") {
                audit.originalsChecked += 1
                if let problem = try archiveProblem(original, job: job, content: content) { audit.problems.append(problem) }
            }
        }
        return audit
    }

    /// An archived original must be what its job read: the same size, and with
    /// `content` the same SHA-256 (something written into the archive after the
    /// import, or a file swapped there, shows here).
    private static func archiveProblem(_ path: String, job: JobRecord, content: Bool) throws -> String? {
        let relative = path.split(separator: "/").suffix(4).joined(separator: "/")
        let size = try FileStatus.of(path).size
        if let recorded = job.sourceBytes, recorded != size {
            return "job \(job.jobID)'s archived original \(relative) has \(size) bytes, but the job read \(recorded)"
        }
        guard content, let recorded = job.sha256 else { return nil }
        let digest = try SHA256.hex(ofFile: path)
        return digest == recorded ? nil
            : "job \(job.jobID)'s archived original \(relative) has SHA-256 \(digest), but the job read \(recorded)"
    }

    /// Adds what one store holds: every entry and record must belong to an applied job.
    private mutating func add(
        _ store: StoreAudit, workspace: String, applied: inout [String: (workspace: String, entries: Int, records: Int)]
    ) {
        if let problem = store.integrityProblem {
            problems.append("store \(workspace): integrity check says \(problem)")
            return
        }
        appliedJobs += store.jobs.count
        for (_, job) in store.jobs { applied[job] = (workspace, 0, 0) }
        for (sequence, count) in store.entries.sorted(by: { $0.key < $1.key }) {
            entries += count
            if let job = store.jobs[sequence] {
                applied[job]?.entries = count
            } else {
                problems.append("store \(workspace) holds \(count) entries of job sequence \(sequence), which was never applied")
            }
        }
        for type in ImportType.allCases {
            for (sequence, count) in (store.records[type.name] ?? [:]).sorted(by: { $0.key < $1.key }) {
                records += count
                if let job = store.jobs[sequence] {
                    applied[job]?.records += count
                } else {
                    problems.append("store \(workspace) holds \(count) \(type.name) records of job sequence \(sequence), which was never applied")
                }
            }
        }
    }
}

extension JobRecord {
    /// Whether the job's original should be in `archive/` or `failed/` until
    /// it is purged: every `DONE` and `FAILED` job but those that ended
    /// because their file was gone (`file_lost`, a file changed then removed
    /// after its import) or whose workspace was removed without a claimed file.
    package var keepsOriginal: Bool {
        guard status == .done || status == .failed else { return false }
        return !["file_lost", "file_changed_after_import", "workspace_removed"].contains(error?.code ?? "")
    }
}
