import IntakeCore
import IntakeSystem
extension SQLiteCatalogue {
    /// Finished jobs whose `on_job_end` hook is owed: never run (`pending`), or
    /// taken by a process before `staleBefore` that never said how it ended
    /// (it died while the hook ran). Oldest first, at most `limit` (nil: all).
    public func owedHooks(staleBefore: Timestamp, limit: Int?) throws(SQLiteError) -> [JobRecord] {
        let statement = try database.prepare("""
            SELECT \(SQLiteCatalogue.columns) FROM jobs
            WHERE hook_state = 'pending' OR (hook_state LIKE 'running:%' AND hook_state < ?1)
            ORDER BY finished_at, job_id LIMIT ?2
            """)
        try statement.bind(1, "running:" + staleBefore.rfc3339)
        try statement.bind(2, Int64(limit ?? -1))
        var result: [JobRecord] = []
        while try statement.step() { result.append(SQLiteCatalogue.record(statement)) }
        return result
    }

    /// Takes the hook of `job` for this process (`running:NOW`): true when it is
    /// this process's to run, false when another process took it first.
    public func claimHook(job: String, now: Timestamp, staleBefore: Timestamp) throws(SQLiteError) -> Bool {
        let statement = try database.prepare("""
            UPDATE jobs SET hook_state = ?1
            WHERE job_id = ?2 AND (hook_state = 'pending' OR (hook_state LIKE 'running:%' AND hook_state < ?3))
            """)
        try statement.bind(1, "running:" + now.rfc3339)
        try statement.bind(2, job)
        try statement.bind(3, "running:" + staleBefore.rfc3339)
        try statement.run()
        return database.changes == 1
    }

    /// Records how a job's hook ended: `done`, `failed`, or `none` (no hook configured).
    public func setHookState(_ state: String, job: String) throws(SQLiteError) {
        let statement = try database.prepare("UPDATE jobs SET hook_state = ?1 WHERE job_id = ?2")
        try statement.bind(1, state)
        try statement.bind(2, job)
        try statement.run()
    }

    /// Marks `none`, in one statement, the pending hooks of every workspace not
    /// in `hooked` (used when no top-level hook is set): a flood of jobs in
    /// workspaces without a hook then costs one catalogue write, not one per job.
    public func settleUnhookedPending(hooked: [String]) throws(SQLiteError) {
        let placeholders = hooked.indices.map { "?\($0 + 1)" }.joined(separator: ", ")
        let statement = try database.prepare(
            "UPDATE jobs SET hook_state = 'none' WHERE hook_state = 'pending'"
                + (hooked.isEmpty ? "" : " AND workspace NOT IN (\(placeholders))"))
        for (index, workspace) in hooked.enumerated() { try statement.bind(Int32(index + 1), workspace) }
        try statement.run()
    }

    /// Every workspace with a job in the catalogue (a removed workspace's history too).
    public func workspaces() throws(SQLiteError) -> [String] {
        let statement = try database.prepare("SELECT DISTINCT workspace FROM jobs ORDER BY workspace")
        var result: [String] = []
        while try statement.step() { if let name = statement.text(0) { result.append(name) } }
        return result
    }
}
