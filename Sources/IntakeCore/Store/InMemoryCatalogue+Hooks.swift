/// The `on_job_end` hook's bookkeeping, as the SQL backends keep `hook_state`
/// (`pending`, `running:TIME`, then `done`, `failed` or `none`), compared as
/// text as they compare it.
extension InMemoryCatalogue {
    package func owedHooks(staleBefore: Timestamp, limit: Int?) -> [JobRecord] {
        let stale = "running:" + staleBefore.rfc3339
        let owed = update { rows in rows.values.filter { Self.owesHook($0, stale: stale) } }
        // SQLite's order: `finished_at` (NULL first), then `job_id`.
        let ordered = owed.sorted { (a, b) in
            (a[Self.finishedAt] ?? "", a[Self.jobID] ?? "") < (b[Self.finishedAt] ?? "", b[Self.jobID] ?? "")
        }.map(Self.record)
        return limit.map { Array(ordered.prefix(max($0, 0))) } ?? ordered
    }

    package func claimHook(job: String, now: Timestamp, staleBefore: Timestamp) -> Bool {
        let stale = "running:" + staleBefore.rfc3339
        return update { rows in
            guard let row = rows[job], Self.owesHook(row, stale: stale) else { return false }
            rows[job]?[Self.hookState] = "running:" + now.rfc3339
            return true
        }
    }

    package func setHookState(_ state: String, job: String) {
        update { $0[job]?[Self.hookState] = state }
    }

    package func settleUnhookedPending(hooked: [String]) {
        let hooked = Set(hooked)
        update { rows in
            for (id, row) in rows where row[Self.hookState] == "pending" && !hooked.contains(row[Self.workspace] ?? "") {
                rows[id]?[Self.hookState] = "none"
            }
        }
    }

    /// Never run (`pending`), or taken before `stale` (`running:TIME`) by a
    /// process that never said how it ended.
    private static func owesHook(_ row: Row, stale: String) -> Bool {
        guard let state = row[hookState] else { return false }
        return state == "pending" || (state.hasPrefix("running:") && state < stale)
    }
}
