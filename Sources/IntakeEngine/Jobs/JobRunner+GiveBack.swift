import IntakeCore
import IntakeSystem

/// Giving a claimed file back to the inbox: it changed while it was read, or
/// a writer opened it (its read lease broke). Nothing was stored; the job is
/// forgotten and the file is taken again once complete and settled.
extension JobRunner {
    /// The file changed while it was read, or a writer opened it: give it back
    /// to the inbox (or, for `intake import`, drop the link) and forget the job.
    package func giveBack(_ job: ClaimedJob, record: JobRecord, because reason: String) throws -> JobOutcome {
        let workName = String(job.workPath.split(separator: "/").last ?? "")
        guard let inbox = job.inboxPath else {
            try FileSystem.removeFile(job.workPath)
            return try forget(job, because: reason)
        }
        var below = inbox.hasPrefix(root.inbox + "/") ? inbox.dropFirst(root.inbox.count + 1).split(separator: "/").map(String.init) : []
        let name = below.popLast() ?? record.sourceName
        // Back into the folder it came from, opened without following a link.
        guard let folder = try DropFolder.open(inbox: root.inbox, folders: below) else {
            let failure = DocumentFailure(
                "path_changed",
                "\(reason); its folder inbox/\(below.joined(separator: "/")) is gone or was replaced by a link, so it was not given back: drop the whole file again",
                errorCode: 409)
            return .finished(try fail(job, record: record, failure: failure, mode: configuration.outboxMode))
        }
        let work = try DirectoryDescriptor.open(root.work(workspace))
        do {
            try work.move(workName, to: folder, as: name)
        } catch {
            guard error.alreadyExists else { throw error }
            try work.move(workName, to: folder, as: name + ".returned-" + job.record.jobID)
        }
        try folder.sync()
        return try forget(job, because: reason)
    }

    private func forget(_ job: ClaimedJob, because reason: String) throws -> JobOutcome {
        try catalogue.delete(job: job.record.jobID)
        logger.log(.warning, "file_changed", [
            "workspace": workspace, "job": job.record.jobID, "file": job.record.sourceName,
            "message": reason + "; nothing was stored and it will be taken again once it is complete and settled",
        ])
        return .givenBack(job: job.record.jobID)
    }
}
