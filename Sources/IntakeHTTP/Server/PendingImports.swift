import IntakeCore
import IntakeEngine
import IntakeSystem

/// Imports posted to `intake serve` that no process has claimed yet:
/// `uploads/WORKSPACE/.imports/JOB` holds the type and the drop's name, so
/// `GET /api/v1/imports/JOB` answers `QUEUED` before the daemon claims the
/// drop, and Trustpair's one-import-at-a-time rule counts it. Removed once the
/// catalogue has the job, or once its drop left the inbox without becoming it.
package struct PendingImports {
    package let root: Root
    package let workspace: String

    /// `uploads/WORKSPACE`.
    package var uploads: String { root.path + "/uploads/" + workspace }
    private var folder: String { uploads + "/.imports" }

    /// Records `job` (posted now, of `type`, dropped as `inbox/W/TYPE/name`).
    package func add(job: String, type: ImportType, name: String) throws {
        try FileSystem.createDirectories(folder)
        try BufferedFile.write(type.name + "\n" + name + "\n", to: folder + "/" + job, mode: 0o640)
    }

    /// The job as the catalogue will hold it once claimed: `QUEUED` since its id's time.
    package func record(_ job: String) -> JobRecord? {
        guard JobID.isValid(job), let bytes = try? FileSystem.readFile(folder + "/" + job, limit: 4096) else { return nil }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 2, let type = ImportType(rawValue: lines[0]),
              let queued = Timestamp(rfc3339: JobID.timeText(job)) else { return nil }
        var record = JobRecord(jobID: job, workspace: workspace, apiType: type.apiType, status: .queued,
                               sourceName: lines[1], queuedAt: queued)
        if let dot = lines[1].lastIndex(of: ".") { record.sourceFormat = String(lines[1][lines[1].index(after: dot)...]).lowercased() }
        return record
    }

    /// The posted jobs still waiting for a claim, after dropping those the
    /// catalogue has (or whose drop is gone).
    package func waiting(catalogue: any JobCatalogue) throws -> [String] {
        guard let names = try? FileSystem.list(folder) else { return [] }
        var out: [String] = []
        for job in names where JobID.isValid(job) {
            guard let record = record(job), let type = ImportType(apiType: record.apiType) else { continue }
            if try catalogue.job(job) != nil {
                try? FileSystem.removeFile(folder + "/" + job)
                continue
            }
            let drop = root.inbox + "/" + workspace + "/" + type.name + "/" + record.sourceName
            // A claim renames the drop into work/ before it writes the catalogue row: claimed is still waiting.
            let claiming = ((try? FileSystem.list(root.work(workspace))) ?? []).contains { $0.hasPrefix(job + "__") }
            if !FileSystem.exists(drop), !claiming, try catalogue.job(job) == nil {
                // Its drop left the inbox without becoming this job (removed by hand): nothing waits.
                try? FileSystem.removeFile(folder + "/" + job)
                continue
            }
            out.append(job)
        }
        return out
    }
}
