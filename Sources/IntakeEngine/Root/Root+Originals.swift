import IntakeCore
import IntakeSystem

extension Root {
    /// Where a finished job's original is: `failed/WORKSPACE/JOB__NAME` or
    /// `archive/WORKSPACE/DAY/JOB__NAME`; nil once purged.
    public func original(of job: JobRecord) throws -> String? {
        let name = StoredName.original(job: job.jobID, name: job.sourceName)
        let failedPath = failed(job.workspace) + "/" + name
        if FileSystem.exists(failedPath) { return failedPath }
        let folder = archive + "/" + job.workspace
        guard FileSystem.exists(folder) else { return nil }
        for day in try FileSystem.list(folder).reversed() where FileSystem.exists(folder + "/" + day + "/" + name) {
            return folder + "/" + day + "/" + name
        }
        return nil
    }
}
