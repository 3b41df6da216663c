import Foundation
import IntakeCore
import IntakeSystem

extension PostgresCatalogue {
    public func owedHooks(staleBefore: Timestamp, limit: Int?) throws -> [JobRecord] {
        try Self.records(connection.query("""
            \(Self.select) WHERE hook_state = 'pending' OR (hook_state LIKE 'running:%' AND hook_state < $1)
            ORDER BY finished_at, job_id LIMIT $2::bigint
            """, ["running:" + staleBefore.rfc3339, limit.map { String($0) }]))
    }

    public func claimHook(job: String, now: Timestamp, staleBefore: Timestamp) throws -> Bool {
        let rows = try connection.query("""
            UPDATE intake.jobs SET hook_state = $1
            WHERE job_id = $2 AND (hook_state = 'pending' OR (hook_state LIKE 'running:%' AND hook_state < $3))
            """, ["running:" + now.rfc3339, job, "running:" + staleBefore.rfc3339])
        return rows.affected == 1
    }

    public func setHookState(_ state: String, job: String) throws {
        _ = try connection.query("UPDATE intake.jobs SET hook_state = $1 WHERE job_id = $2", [state, job])
    }

    public func settleUnhookedPending(hooked: [String]) throws {
        let array = PostgresSchema.textArray(hooked)
        _ = try connection.query(
            "UPDATE intake.jobs SET hook_state = 'none' WHERE hook_state = 'pending' AND workspace <> ALL($1::text[])", [array])
    }
}
