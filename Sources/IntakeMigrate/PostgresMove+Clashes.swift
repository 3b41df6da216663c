import Foundation
import IntakeCore
import IntakePostgres
import IntakeSQLite
import IntakeSystem

extension PostgresMove {
    /// What in the database belongs to something else than this root, found
    /// by reading only (`migrate` checks it before its first write): catalogue
    /// rows of the root's workspaces that the root does not hold, and applied
    /// jobs in their stores that the root's stores do not hold at the same
    /// sequence. Empty for a fresh database and for one this root was (partly)
    /// copied into before.
    package func clashes() throws -> [String] {
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        let source = SQLiteStorage(root: root)
        let jobs = try SQLiteCatalogue(root: root).jobs(limit: Int.max)
        let known = Set(jobs.map(\.jobID))
        let stored = source.storedWorkspaces()
        let workspaces = Set(jobs.map(\.workspace)).union(stored).sorted()
        var found: [String] = []
        if try connection.query("SELECT to_regclass('intake.jobs') IS NOT NULL").bool(0, 0) == true {
            let rows = try connection.query(
                "SELECT workspace, job_id FROM intake.jobs WHERE workspace = ANY($1::text[])", [PostgresSchema.textArray(workspaces)])
            var foreign: [String: Int] = [:]
            for row in 0..<rows.count where !known.contains(rows.text(row, 1) ?? "") {
                foreign[rows.text(row, 0) ?? "?", default: 0] += 1
            }
            for (workspace, count) in foreign.sorted(by: { $0.key < $1.key }) {
                found.append("the database's catalogue holds \(count) job(s) of workspace \(workspace) that \(root.path) does not")
            }
        }
        for workspace in stored {
            let table = PostgresSchema.quoted(PostgresSchema.storeSchema(workspace)) + ".applied_jobs"
            guard try connection.query("SELECT to_regclass($1) IS NOT NULL", [table]).bool(0, 0) == true else { continue }
            let ours = try SQLiteStore(root: root, workspace: workspace).database.prepare("SELECT seq, job_id FROM applied_jobs")
            var bySequence: [String: String] = [:]
            while try ours.step() { bySequence[String(ours.int64(0))] = ours.text(1) ?? "" }
            let theirs = try connection.query("SELECT seq, job_id FROM \(table)")
            let other = (0..<theirs.count).filter { bySequence[theirs.text($0, 0) ?? ""] != theirs.text($0, 1) }.count
            if other > 0 {
                found.append("the database's store of \(workspace) holds \(other) applied job(s) that \(root.path)'s store does not hold at the same sequence")
            }
        }
        return found
    }
}
