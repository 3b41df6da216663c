import Foundation
import IntakeFixtures
import IntakeKit
import Testing
@testable import IntakeSystem
import IntakeTestSupport

/// PostgreSQL mode: a job whose database session is killed
/// (`pg_terminate_backend`, as an administrator, a failover or a network cut
/// would) in the middle of its import is rolled back, and finished exactly
/// once afterwards: by the same daemon, or by the next `intake run` after a
/// foreground `intake import` gave up.
@Suite(.serialized) struct SessionLossTests {
    static let rows = 300_000

    /// One large payments file for both tests (about 33 MB), made once per
    /// test process, and its defect counts (every defect fails its row).
    static let folder = FileManager.default.temporaryDirectory.path + "/intake-session-loss-" + UUID().uuidString.prefix(8).lowercased()
    static let big: Result<(path: String, invalid: Int), any Error> = Result {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: SessionLossTests.folder) }
        let path = folder + "/big.csv"
        let counts = try PaymentsGenerator(rows: rows, seed: 16).write(toFile: path)
        return (path, counts.values.reduce(0, +))
    }

    /// A copy of the big file at `path` (a drop with another hard link is refused).
    static func copyBig(to path: String) throws -> Int {
        let (source, invalid) = try big.get()
        try FileManager.default.copyItem(atPath: source, toPath: path)
        return invalid
    }

    /// Waits until the job of `name` is RUNNING with a quarter of its rows
    /// processed; returns its id, or nil when it ended first or did not get
    /// there within 90 s.
    static func runningJob(_ name: String, _ database: PostgresConnection) throws -> String? {
        var job: String?
        var ended = false
        _ = try eventually(within: 90) {
            let rows = try database.query("SELECT job_id, status, processed FROM intake.jobs WHERE source_name = $1", [name])
            guard rows.count == 1 else { return false }
            ended = !["QUEUED", "RUNNING"].contains(rows.text(0, 1) ?? "")
            job = rows.text(0, 1) == "RUNNING" && (rows.int(0, 2) ?? 0) >= Self.rows / 4 ? rows.text(0, 0) : nil
            return job != nil || ended
        }
        return job
    }

    /// Ends the PostgreSQL session that holds `workspace`'s lock (the one running
    /// its job's transaction, as `intake.locks` records it), from the test's own
    /// connection; returns its backend pid and the rows the job had processed.
    static func terminateLockSession(_ workspace: String, job: String, _ database: PostgresConnection) throws -> (pid: Int, processed: Int) {
        let holder = try database.query("""
            SELECT l.backend_pid, l.job FROM intake.locks l
            JOIN pg_locks k ON k.pid = l.backend_pid AND k.locktype = 'advisory' AND k.granted
            WHERE l.workspace = $1
            """, [workspace])
        try #require(holder.count == 1, "no live session holds the lock of \(workspace)")
        #expect(holder.text(0, 1) == job, "intake.locks names job \(holder.text(0, 1) ?? "-"), not the running \(job)")
        let pid = try #require(holder.int(0, 0))
        #expect(try database.query("SELECT pg_terminate_backend($1::int)", [String(pid)]).bool(0, 0) == true)
        let processed = try database.integer("SELECT processed FROM intake.jobs WHERE job_id = $1", [job])
        #expect(try eventually(within: 10) {
            try database.integer("SELECT count(*) FROM pg_stat_activity WHERE pid = $1::int", [String(pid)]) == 0
        }, "backend \(pid) still there 10 s after pg_terminate_backend")
        return (pid, processed)
    }

    /// The store and catalogue of a finished job: one job row, DONE, every row
    /// counted, one applied job whose entries and records are the job's rows.
    static func expectImportedOnce(_ pg: PostgresRoot, workspace: String, name: String, invalid: Int,
                                   _ database: PostgresConnection) throws -> String? {
        let jobs = try database.query(
            "SELECT job_id, status, total, succeeded, failed FROM intake.jobs WHERE source_name = $1", [name])
        #expect(jobs.count == 1, "\(jobs.count) jobs for \(name)")
        #expect(try database.integer("SELECT count(*) FROM intake.jobs") == 1)
        guard jobs.count == 1, let job = jobs.text(0, 0) else { return nil }
        let (total, succeeded, failed) = (jobs.int(0, 2) ?? -1, jobs.int(0, 3) ?? -1, jobs.int(0, 4) ?? -1)
        #expect(jobs.text(0, 1) == "DONE")
        #expect(total == rows)
        #expect(succeeded + failed == total)
        #expect(failed == invalid)
        let schema = "ws_" + workspace
        let applied = try database.query("SELECT job_id FROM \(schema).applied_jobs")
        #expect(applied.count == 1 && applied.text(0, 0) == job, "applied_jobs: \(applied.count) rows")
        #expect(try database.integer("SELECT count(*) FROM \(schema).entries") == total)
        #expect(try database.integer("SELECT count(*) FROM \(schema).entries WHERE failed <> 0") == failed)
        #expect(try database.integer("SELECT count(*) FROM \(schema).payments") == succeeded)

        let verify = try IntakeBinary.run(["verify", pg.path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(!verify.stdout.contains("pending:"), "\(verify.stdout)")
        // Exactly one job's outbox files, none of them temporary.
        let outbox = pg.files("outbox/" + workspace)
        #expect(outbox.filter { $0.hasSuffix(".result.json") } == [job + ".result.json"], "\(outbox)")
        #expect(outbox.allSatisfy { $0.hasPrefix(job + ".") }, "\(outbox)")
        #expect(pg.files("work").isEmpty, "\(pg.files("work"))")
        #expect(pg.files("inbox").isEmpty, "\(pg.files("inbox"))")
        #expect(pg.files("archive").count == 1, "\(pg.files("archive"))")
        return job
    }

    @Test func daemonJobWhoseSessionIsTerminatedIsRolledBackAndFinishedOnce() throws {
        let clock = Date()
        let pg = try PostgresRoot(workspaces: ["big"], settings: ["settle_seconds": 0, "shutdown_seconds": 30])
        let database = try pg.connect()
        defer { database.close() }
        let daemon = try pg.start("watch", ["watch", pg.path])
        defer { if daemon.isRunning { daemon.stop(SIGKILL) } }
        #expect(eventually(within: 30) { daemon.logText().contains("event=watch_started") }, "\(daemon.logText())")

        let name = "big__payments__june.csv"
        let staging = pg.base + "/staging/" + name
        let invalid = try Self.copyBig(to: staging)
        try FileManager.default.moveItem(atPath: staging, toPath: pg.root.inbox + "/" + name)
        guard let job = try Self.runningJob(name, database) else {
            let jobs = try database.query("SELECT job_id, status, processed, total FROM intake.jobs")
            let rows = (0..<jobs.count).map { row in (0..<4).map { jobs.text(row, $0) ?? "NULL" }.joined(separator: " ") }
            Testing.Issue.record("never saw the job RUNNING with a quarter of its rows processed; jobs: \(rows); log:\n\(daemon.logText().suffix(3_000))")
            return
        }
        let (pid, processed) = try Self.terminateLockSession("big", job: job, database)
        let terminatedAt = Date().timeIntervalSince(clock)

        let done = try eventually(within: 180) {
            try database.integer("SELECT count(*) FROM intake.jobs WHERE status IN ('DONE','FAILED','DUPLICATE','REJECTED')") > 0
        }
        #expect(done, "the job did not end within 180 s of its session's end; log:\n\(daemon.logText().suffix(3_000))")
        #expect(daemon.stop(SIGTERM) == 0)
        let log = daemon.logText()
        try #require(try Self.expectImportedOnce(pg, workspace: "big", name: name, invalid: invalid, database) == job)

        // The log: the fault of the lost session for this job, then the job done, once.
        let lines = log.split(separator: "\n").map(String.init)
        let fault = lines.firstIndex { $0.contains("event=job_fault") && $0.contains("job=\(job)") }
        let doneLines = lines.indices.filter { lines[$0].contains("event=job_done") && lines[$0].contains("job=\(job)") }
        #expect(fault != nil, "no job_fault for \(job):\n\(log.suffix(3_000))")
        #expect(lines.contains { $0.contains("event=job_fault") && $0.contains("connection to the server was lost") },
                "\(log.suffix(3_000))")
        #expect(doneLines.count == 1, "\(doneLines.count) job_done lines for \(job)")
        if let fault, let first = doneLines.first { #expect(fault < first, "job_done logged before the fault") }
        for line in lines where line.contains("job=\(job)") && !line.contains("event=progress") { print(line) }
        print("""
            SessionLossTests (watch): backend \(pid) terminated at \(processed) of \(Self.rows) rows, \
            \(String(format: "%.1f", terminatedAt)) s in; job done again after \
            \(String(format: "%.1f", Date().timeIntervalSince(clock))) s
            """)
    }

    @Test func foregroundImportWhoseSessionIsTerminatedExits74AndRunFinishesItOnce() throws {
        let clock = Date()
        let pg = try PostgresRoot(workspaces: ["fg"], settings: ["settle_seconds": 0])
        let database = try pg.connect()
        defer { database.close() }
        let name = "june-export.csv"
        let file = pg.base + "/staging/" + name
        let invalid = try Self.copyBig(to: file)
        let size = try FileStatus.of(file).size

        let importing = try pg.start("import", ["import", pg.path, "--workspace", "fg", "--type", "payments", file])
        defer { if importing.isRunning { importing.stop(SIGKILL) } }
        let job = try #require(try Self.runningJob(name, database), "never saw the job RUNNING with a quarter of its rows processed")
        let (pid, processed) = try Self.terminateLockSession("fg", job: job, database)
        importing.process.waitUntilExit()
        let output = importing.logText()
        #expect(importing.process.terminationStatus == 74, "\(output.suffix(2_000))")
        #expect(output.contains("connection to the server was lost"), "\(output.suffix(2_000))")

        // Nothing stored, nothing reported; the file stays claimed; the caller's file untouched.
        let status = try database.query("SELECT status FROM intake.jobs WHERE job_id = $1", [job]).text(0, 0)
        #expect(status == "QUEUED", "after the fault the job is \(status ?? "gone")")
        #expect(try database.integer("SELECT count(*) FROM ws_fg.applied_jobs") == 0)
        #expect(try database.integer("SELECT count(*) FROM ws_fg.entries") == 0)
        #expect(try database.integer("SELECT count(*) FROM ws_fg.payments") == 0)
        #expect(pg.files("outbox/fg").isEmpty, "\(pg.files("outbox/fg"))")
        let claimed = pg.files("work")
        #expect(claimed.count == 1 && claimed.first?.hasPrefix("fg/" + job) == true, "\(claimed)")
        #expect(try FileStatus.of(file).size == size)

        // The next run finishes it, once.
        let run = try IntakeBinary.run(["run", pg.path])
        #expect(run.status == 0, "\(run.stderr.suffix(2_000))")
        try #require(try Self.expectImportedOnce(pg, workspace: "fg", name: name, invalid: invalid, database) == job)
        #expect(run.stderr.contains("event=job_done") && run.stderr.contains("job=\(job)"), "\(run.stderr.suffix(2_000))")
        #expect(FileManager.default.fileExists(atPath: file), "intake import moved the caller's file")
        print(output.split(separator: "\n").filter { !$0.contains("event=progress") }.joined(separator: "\n"))
        print("""
            SessionLossTests (import): backend \(pid) terminated at \(processed) of \(Self.rows) rows; \
            import exited \(importing.process.terminationStatus); run finished the job; \
            \(String(format: "%.1f", Date().timeIntervalSince(clock))) s
            """)
    }
}
