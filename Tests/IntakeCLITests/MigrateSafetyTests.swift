import Foundation
import IntakeKit
import Testing
@testable import IntakeSystem
import IntakeTestSupport

/// `intake migrate` checks everything before its first write: refused while
/// a process holds a workspace lock or a file is claimed, refused for a
/// database that holds another root's jobs, and in each case the target's
/// row counts are unchanged. On success the SQLite files move to
/// `ROOT/migrated-sqlite/`, no command reads them again, and `erase` removes
/// a customer from them too.
@Suite struct MigrateSafetyTests {
    /// A SQLite root with one payments job done in `acme`.
    static func rootWithAJob(_ csv: String = PaymentsCSV.mixed) throws -> TemporaryRoot {
        let root = try TemporaryRoot()
        try root.drop("acme__payments__first.csv", csv)
        let ran = try IntakeBinary.run(["run", root.path])
        try #require(ran.status == 0, "\(ran.stderr)")
        return root
    }

    /// Row counts of the target database: catalogue rows, applied jobs, entries, payments (-1 for a missing table).
    static func counts(_ url: String) throws -> [Int] {
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        return try ["intake.jobs", "ws_acme.applied_jobs", "ws_acme.entries", "ws_acme.payments"].map { (table: String) in
            try connection.query("SELECT to_regclass($1) IS NOT NULL", [table]).bool(0, 0) == true
                ? connection.integer("SELECT count(*) FROM \(table)") : -1
        }
    }

    @Test func refusedWhileALockIsHeldOrAFileClaimedThenMovesTheSQLiteFiles() throws {
        let root = try Self.rootWithAJob()
        let url = try PostgresServer.running().makeDatabase()
        // An idle daemon holds no workspace lock, but its claim on the root refuses the migration.
        let daemon = try IntakeBinary.start(["watch", root.path])
        let started = eventually { FileSystem.exists(root.root.metrics) }
        try #require(started, "the daemon did not start")
        let running = try IntakeBinary.run(["migrate", root.path, "--to", url])
        #expect(running.status == 75 && running.stderr.contains("is using \(root.path)"), "\(running.stdout)\(running.stderr)")
        #expect(try Self.counts(url) == [-1, -1, -1, -1], "a refused migrate writes nothing in the database")
        kill(daemon.process.processIdentifier, SIGKILL)
        daemon.process.waitUntilExit()

        // Another process holds acme's lock (flock(1) takes the same flock(2) lock a daemon's job holds).
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = ["--no-fork", root.root.lock("acme"), "sleep", "60"]
        try holder.run()
        // SIGKILL: the test process's blocked signals are inherited by what it starts.
        defer { if holder.isRunning { kill(holder.processIdentifier, SIGKILL) } }
        let locked = try eventually { try FileLock.tryAcquire(root: root.root, workspace: "acme", job: nil) == nil }
        try #require(locked, "flock(1) never took the lock")
        let busy = try IntakeBinary.run(["migrate", root.path, "--to", url])
        #expect(busy.status == 75 && busy.stderr.contains("workspace acme is busy"), "\(busy.stdout)\(busy.stderr)")
        #expect(busy.stderr.contains("nothing was written"))
        #expect(try Self.counts(url) == [-1, -1, -1, -1], "a refused migrate writes nothing in the database")
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()

        // A file claimed for a job (a running job, or one a crash left) is refused too.
        try root.drop("acme__payments__second.csv", PaymentsCSV.header + PaymentsCSV.valid[0])
        _ = try #require(try root.claimFirstDrop())
        let claimed = try IntakeBinary.run(["migrate", root.path, "--to", url])
        #expect(claimed.status == 75 && claimed.stderr.contains("is claimed for a job"), "\(claimed.stderr)")
        #expect(try Self.counts(url) == [-1, -1, -1, -1])
        #expect(FileSystem.exists(root.root.catalogue) && FileSystem.exists(root.root.data))

        #expect(try IntakeBinary.run(["run", root.path]).status == 0, "the claimed job is finished")
        let moved = try IntakeBinary.run(["migrate", root.path, "--to", url])
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(try Self.counts(url)[0] == 2)
        for name in ["index.sqlite", "data", "locks"] {
            #expect(!FileSystem.exists(root.path + "/" + name), "\(name) left in the root")
            #expect(FileSystem.exists(root.root.migratedSQLite + "/" + name), "\(name) not in migrated-sqlite/")
        }
        let again = try IntakeBinary.run(["migrate", root.path, "--to", url])
        #expect(again.status == 0 && again.stdout.contains("nothing to migrate"), "\(again.stdout)\(again.stderr)")
        // Still configured for SQLite: no command reads the moved files, none makes new ones.
        let status = try IntakeBinary.run(["status", root.path])
        #expect(status.status == 66 && status.stderr.contains("migrated-sqlite"), "\(status.stderr)")
        let run = try IntakeBinary.run(["run", root.path])
        #expect(run.status == 64 && run.stderr.contains("migrated-sqlite"), "\(run.stderr)")
        #expect(!FileSystem.exists(root.root.catalogue))
    }

    @Test func refusedForADatabaseHoldingAnotherRootsJobsWithCountsUnchanged() throws {
        let first = try Self.rootWithAJob()
        let url = try PostgresServer.running().makeDatabase()
        #expect(try IntakeBinary.run(["migrate", first.path, "--to", url]).status == 0)
        let before = try Self.counts(url)
        #expect(before[0] == 1 && before[1] == 1 && before[3] > 0, "\(before)")

        let second = try Self.rootWithAJob(PaymentsCSV.header + PaymentsCSV.valid.joined())
        let refused = try IntakeBinary.run(["migrate", second.path, "--to", url])
        #expect(refused.status == 65 && refused.stderr.contains("migrate into a database of its own"), "\(refused.stderr)")
        #expect(refused.stderr.contains("nothing was written"))
        #expect(try Self.counts(url) == before, "a refused migrate writes nothing anywhere")
        #expect(FileSystem.exists(second.root.catalogue) && !FileSystem.exists(second.root.migratedSQLite))
    }

    @Test func eraseAfterMigrateLeavesNoFileHoldingTheCustomersIBAN() throws {
        let iban = "GB29NWBK60161331926819"
        let root = try Self.rootWithAJob()
        let url = try PostgresServer.running().makeDatabase()
        #expect(try IntakeBinary.run(["migrate", root.path, "--to", url]).status == 0)
        var configuration = try Configuration.load(path: root.root.configuration)
        configuration.database = url
        try configuration.json().write(toFile: root.root.configuration, atomically: true, encoding: .utf8)
        #expect(!Self.filesHolding(iban, below: root.path).isEmpty, "the IBAN is in the root before the erase")
        #expect(Self.filesHolding(iban, below: root.root.migratedSQLite).contains("data/acme.sqlite"))

        let erased = try IntakeBinary.run(["erase", root.path, "--workspace", "acme"])
        #expect(erased.status == 0, "\(erased.stderr)")
        #expect(erased.stdout.contains("removed \(root.root.migratedSQLite)/data/acme.sqlite"), "\(erased.stdout)")
        #expect(erased.stdout.contains("catalogue row(s) of acme in \(root.root.migratedSQLite)/index.sqlite"), "\(erased.stdout)")
        #expect(Self.filesHolding(iban, below: root.path).isEmpty, "\(Self.filesHolding(iban, below: root.path))")
        #expect(try SQLiteCatalogue(root: root.root.sqliteLeftovers).countJobs(workspace: "acme") == 0)
        #expect(try TemporaryRoot.scalar(url, "SELECT count(*) FROM intake.jobs WHERE workspace = 'acme'") == "0")
        #expect(try TemporaryRoot.scalar(url, "SELECT to_regnamespace('ws_acme') IS NULL") == "t")
    }

    /// The files below `base` (relative paths) whose bytes contain `text`.
    static func filesHolding(_ text: String, below base: String) -> [String] {
        let needle = Data(text.utf8)
        return TemporaryRoot.files(below: base).filter { relative in
            guard let bytes = FileManager.default.contents(atPath: base + "/" + relative) else { return false }
            return bytes.range(of: needle) != nil
        }
    }
}
