import Foundation
import IntakeFixtures
import IntakeKit
import Testing
import IntakeTestSupport

/// Issue 16's acceptance test: several `intake watch` daemons share one root in
/// PostgreSQL mode (as hosts share a drop tree), and one of them is SIGKILLed
/// in the middle of a job. The survivors finish everything, the killed one's
/// job included (its advisory lock died with its session), and the catalogue
/// and the stores say each file was imported once, one job at a time per
/// workspace.
@Suite struct MultiHostTests {
    static let workspaces = (0..<30).map { String(format: "w%02d", $0) }
    static let dropsPerWorkspace = 10
    static let endStates = "('DONE','FAILED','DUPLICATE','REJECTED')"

    /// One generated drop: its name and content, and the rows it holds.
    struct GeneratedDrop {
        let workspace: String
        let name: String
        let text: String
        let rows: Int
        let invalid: Int
    }

    /// Drop `index`: 5 to 50 rows with payment ids no other drop uses, a few
    /// invalid rows in every third drop.
    static func drop(_ index: Int) -> GeneratedDrop {
        let workspace = workspaces[index % workspaces.count]
        let rows = 5 + (index * 37) % 46
        let invalid = index % 3 == 0 ? 1 + (index / 3) % 3 : 0
        let badRows = PaymentsCSV.invalid.filter { $0.code != "duplicate_id" && $0.code != "field_count" }.map(\.row)
        var text = PaymentsCSV.header
        for row in 0..<rows {
            // The invalid rows in the middle of the document, never first.
            let bad = row >= 1 && row < 1 + invalid
            let template = bad ? badRows[(index + row) % badRows.count] : PaymentsCSV.valid[row % PaymentsCSV.valid.count]
            let rest = template.drop { $0 != "," }
            text += (bad ? "X\(index)-\(row)" : "M\(index)-\(row)") + rest
        }
        return GeneratedDrop(workspace: workspace, name: "\(workspace)__payments__m\(index).csv", text: text, rows: rows,
                             invalid: invalid)
    }

    @Test func threeDaemonsOneKilledMidwayImportEveryDropOnceWithoutOverlap() throws {
        let clock = Date()
        let pg = try PostgresRoot(
            workspaces: Self.workspaces, settings: ["settle_seconds": 0, "shutdown_seconds": 20])
        let database = try pg.connect()
        defer { database.close() }
        var daemons: [PostgresRoot.Started] = []
        defer { for daemon in daemons where daemon.isRunning { daemon.stop(SIGKILL) } }
        for name in ["host-a", "host-b", "host-c"] {
            daemons.append(try pg.start(name, ["watch", pg.path]))
        }
        #expect(eventually(within: 30) { daemons.allSatisfy { $0.logText().contains("event=watch_started") } },
                "\(daemons.map { $0.logText() })")
        let victim = daemons[0]

        func ended() throws -> Int {
            try database.integer("SELECT count(*) FROM intake.jobs WHERE status IN \(Self.endStates)")
        }
        /// The job the victim runs right now: its session holds the workspace's
        /// advisory lock and the job is RUNNING.
        func victimRunningJob() throws -> (workspace: String, job: String)? {
            let rows = try database.query("""
                SELECT l.workspace, l.job FROM intake.locks l
                JOIN pg_locks k ON k.pid = l.backend_pid AND k.locktype = 'advisory' AND k.granted
                JOIN intake.jobs j ON j.job_id = l.job AND j.status = 'RUNNING'
                WHERE l.pid = $1 LIMIT 1
                """, [String(victim.pid)])
            guard rows.count == 1, let workspace = rows.text(0, 0), let job = rows.text(0, 1) else { return nil }
            return (workspace, job)
        }

        // Ten waves of thirty drops (one per workspace), each wave once the
        // daemons are at most about a wave behind; the victim is killed once a
        // third are done, at a moment it is running a job.
        let total = Self.workspaces.count * Self.dropsPerWorkspace
        var dropped: [GeneratedDrop] = []
        var killed: (workspace: String, job: String, ended: Int)?
        for wave in 0..<Self.dropsPerWorkspace {
            for index in (wave * Self.workspaces.count)..<((wave + 1) * Self.workspaces.count) {
                let drop = Self.drop(index)
                try pg.upload(drop.name, Array(drop.text.utf8))
                dropped.append(drop)
            }
            _ = try eventually(within: 30) { try ended() >= dropped.count - 45 }
            if killed == nil, try ended() >= total / 3 {
                var held: (workspace: String, job: String)?
                _ = try eventually(within: 10) {
                    held = try victimRunningJob()
                    return held != nil
                }
                victim.stop(SIGKILL)
                let at = try ended()
                killed = (held?.workspace ?? "-", held?.job ?? "-", at)
                #expect(held != nil, "the victim was never seen running a job: killed between jobs")
            }
        }
        #expect(killed != nil, "the victim was never killed")
        let finished = try eventually(within: 90) { try ended() >= total }
        let tookToFinish = Date().timeIntervalSince(clock)
        if !finished {
            let state = "\(try ended()) of \(total) jobs ended; unfinished: \(try unfinished(database)); "
                + "inbox: \(pg.files("inbox")); work: \(pg.files("work"))"
            Testing.Issue.record(Comment(rawValue: state))
        }
        for daemon in daemons.dropFirst() {
            #expect(daemon.stop(SIGTERM) == 0, "\(daemon.log): \(daemon.logText().suffix(2_000))")
        }

        // The catalogue: one job per drop, each DONE, none FAILED or DUPLICATE.
        let jobs = try database.query(
            "SELECT job_id, workspace, source_name, status, started_at, finished_at, total, succeeded, failed FROM intake.jobs")
        #expect(jobs.count == total)
        var names: [String: Int] = [:]
        var statuses: [String: Int] = [:]
        for row in 0..<jobs.count {
            names[jobs.text(row, 2) ?? "?", default: 0] += 1
            statuses[jobs.text(row, 3) ?? "?", default: 0] += 1
        }
        #expect(Set(names.keys) == Set(dropped.map(\.name)))
        #expect(names.filter { $0.value != 1 }.isEmpty, "source names seen more than once: \(names.filter { $0.value != 1 })")
        #expect(statuses == ["DONE": total], "\(statuses)")
        if let killed {
            let row = try database.query("SELECT status, attempts FROM intake.jobs WHERE job_id = $1", [killed.job])
            #expect(row.count == 1 && row.text(0, 0) == "DONE",
                    "the killed daemon's job \(killed.job): \(row.count == 1 ? row.text(0, 0) ?? "?" : "no row")")
        }

        // One job at a time per workspace: by started_at, each starts after the one before finished.
        let done = try database.query("""
            SELECT workspace, job_id, started_at, finished_at FROM intake.jobs WHERE status = 'DONE'
            ORDER BY workspace, started_at, job_id
            """)
        var overlaps: [String] = []
        for row in 1..<max(done.count, 1) where done.text(row, 0) == done.text(row - 1, 0) {
            guard let started = done.text(row, 2), let previousEnd = done.text(row - 1, 3) else {
                overlaps.append("\(done.text(row, 1) ?? "?"): no started_at or previous finished_at")
                continue
            }
            if started < previousEnd {
                overlaps.append("\(done.text(row, 0) ?? "?"): \(done.text(row, 1) ?? "?") started \(started) before "
                                + "\(done.text(row - 1, 1) ?? "?") [\(done.text(row - 1, 2) ?? "?")] finished \(previousEnd)")
            }
        }
        #expect(overlaps.isEmpty, "\(overlaps.joined(separator: "\n"))")

        // The stores: records = succeeded rows, entries = rows, one applied job per job.
        let sums = try database.query("SELECT sum(total), sum(succeeded), sum(failed) FROM intake.jobs")
        let (rows, succeeded, failed) = (sums.int(0, 0) ?? -1, sums.int(0, 1) ?? -1, sums.int(0, 2) ?? -1)
        let expectedInvalid = dropped.map(\.invalid).reduce(0, +)
        #expect(rows == dropped.map(\.rows).reduce(0, +))
        #expect(failed == expectedInvalid)
        #expect(succeeded == rows - expectedInvalid)
        var records = 0
        var entries = 0
        var applied = 0
        for workspace in Self.workspaces {
            records += try database.integer("SELECT count(*) FROM ws_\(workspace).payments")
            entries += try database.integer("SELECT count(*) FROM ws_\(workspace).entries")
            let appliedHere = try database.integer("SELECT count(*) FROM ws_\(workspace).applied_jobs")
            #expect(appliedHere == Self.dropsPerWorkspace, "\(workspace): \(appliedHere) applied jobs")
            applied += appliedHere
        }
        #expect(records == succeeded)
        #expect(entries == rows)
        #expect(applied == total)

        let verify = try IntakeBinary.run(["verify", pg.path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(!verify.stdout.contains("pending:"), "\(verify.stdout)")

        // The root: no embedded database, nothing left to do, every job reported and archived.
        for name in ["index.sqlite", "data", "locks"] {
            #expect(!FileManager.default.fileExists(atPath: pg.path + "/" + name), "\(name) exists in PostgreSQL mode")
        }
        #expect(pg.files("inbox").isEmpty, "\(pg.files("inbox"))")
        #expect(pg.files("work").isEmpty, "\(pg.files("work"))")
        var missingResults: [String] = []
        for row in 0..<jobs.count {
            let (job, workspace) = (jobs.text(row, 0) ?? "?", jobs.text(row, 1) ?? "?")
            if !FileManager.default.fileExists(atPath: pg.root.outbox(workspace) + "/" + job + ".result.json") {
                missingResults.append(workspace + "/" + job)
            }
        }
        #expect(missingResults.isEmpty, "no result.json: \(missingResults)")
        #expect(pg.files("archive").count == total)
        let leftovers = pg.files("outbox").filter { ($0 as NSString).lastPathComponent.hasPrefix(".") }
        print("""
            MultiHostTests: \(total) drops in \(Self.workspaces.count) workspaces by 3 daemons; victim SIGKILLed \
            at \(killed?.ended ?? -1) ended jobs while running \(killed?.job ?? "-") in \(killed?.workspace ?? "-"); \
            all ended after \(String(format: "%.1f", tookToFinish)) s, whole test \(String(format: "%.1f", Date().timeIntervalSince(clock))) s; \
            temporary files the kill left in outbox/: \(leftovers.count)
            """)
    }

    /// The case the waves above hide: the killed daemon's job is the last work
    /// of its workspace, and the survivor already had its turn on that
    /// workspace (so nothing new brings it back there). The survivor must still
    /// take the lock that died with the victim's session and finish the job.
    @Test func survivorFinishesTheKilledDaemonsJobWhenNothingElseArrives() throws {
        let clock = Date()
        let pg = try PostgresRoot(workspaces: ["solo"], settings: ["settle_seconds": 0, "rescan_seconds": 1])
        let database = try pg.connect()
        defer { database.close() }
        let daemons = [try pg.start("host-a", ["watch", pg.path]), try pg.start("host-b", ["watch", pg.path])]
        defer { for daemon in daemons where daemon.isRunning { daemon.stop(SIGKILL) } }
        #expect(eventually(within: 30) { daemons.allSatisfy { $0.logText().contains("event=watch_started") } })

        // Small drops until each daemon has had a turn on the workspace (claimed a job or found it busy).
        var small = 0
        let bothHadATurn = try eventually(within: 30) {
            if daemons.allSatisfy({ $0.logText().contains("workspace=solo") }) { return true }
            let drop = Self.drop(small)
            try pg.upload("solo__payments__small\(small).csv", Array(drop.text.utf8))
            small += 1
            usleep(100_000)
            return false
        }
        #expect(bothHadATurn, "\(daemons.map { $0.logText() })")
        #expect(try eventually(within: 30) {
            try database.integer("SELECT count(*) FROM intake.jobs WHERE status = 'DONE'") == small
        })

        // A large drop; kill whichever daemon runs it, mid-import.
        let name = "solo__payments__large.csv"
        let rows = 60_000
        let staging = pg.base + "/staging/" + name
        _ = try PaymentsGenerator(rows: rows, seed: 61).write(toFile: staging)
        try FileManager.default.moveItem(atPath: staging, toPath: pg.root.inbox + "/" + name)
        var holder: (pid: String, job: String)?
        _ = try eventually(within: 60) {
            let rows = try database.query("""
                SELECT l.pid, l.job FROM intake.locks l
                JOIN pg_locks k ON k.pid = l.backend_pid AND k.locktype = 'advisory' AND k.granted
                JOIN intake.jobs j ON j.job_id = l.job AND j.status = 'RUNNING' AND j.processed > 0
                WHERE l.workspace = 'solo'
                """)
            holder = rows.count == 1 ? rows.text(0, 0).flatMap { pid in rows.text(0, 1).map { (pid, $0) } } : nil
            return holder != nil
        }
        let running = try #require(holder, "never saw the large job RUNNING")
        let victim = try #require(daemons.first { String($0.pid) == running.pid }, "lock held by pid \(running.pid)")
        let survivor = try #require(daemons.first { String($0.pid) != running.pid })
        victim.stop(SIGKILL)
        let killedAt = Date()

        let finished = try eventually(within: 30) {
            try database.query("SELECT status FROM intake.jobs WHERE job_id = $1", [running.job]).text(0, 0) == "DONE"
        }
        let status = try database.query("SELECT status FROM intake.jobs WHERE job_id = $1", [running.job]).text(0, 0)
        #expect(finished, """
            the killed daemon's job \(running.job) is still \(status ?? "?") 30 s later; work/: \(pg.files("work")); \
            survivor's log:\n\(survivor.logText().suffix(2_000))
            """)
        #expect(survivor.stop(SIGTERM) == 0)
        if finished {
            #expect(try database.integer("SELECT count(*) FROM ws_solo.applied_jobs") == small + 1)
            #expect(try database.integer("SELECT sum(total) FROM intake.jobs") ==
                    (try database.integer("SELECT count(*) FROM ws_solo.entries")))
            let verify = try IntakeBinary.run(["verify", pg.path])
            #expect(verify.status == 0 && !verify.stdout.contains("pending:"), "\(verify.stdout)")
            #expect(pg.files("work").isEmpty)
        }
        print("""
            MultiHostTests (nothing else arrives): \(small) small drops, the large job killed mid-import; \
            \(finished ? "finished \(String(format: "%.1f", Date().timeIntervalSince(killedAt))) s after the kill" : "NOT finished"); \
            \(String(format: "%.1f", Date().timeIntervalSince(clock))) s
            """)
    }

    /// The jobs not in an end state, for a failure message.
    func unfinished(_ database: PostgresConnection) throws -> [String] {
        let rows = try database.query(
            "SELECT job_id, workspace, status, attempts FROM intake.jobs WHERE status NOT IN \(Self.endStates)")
        return (0..<rows.count).map { row in (0..<4).map { rows.text(row, $0) ?? "NULL" }.joined(separator: " ") }
    }
}
