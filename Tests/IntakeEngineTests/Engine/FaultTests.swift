import Foundation
import IntakeFixtures
import IntakeKit
import Testing
import IntakeTestSupport

/// Faults of the machine are not document failures: the job rolls back, keeps
/// its claim, counts no attempt, and finishes once the fault is gone.
@Suite struct FaultTests {
    @Test func busyStoreKeepsTheClaimAndCountsNoAttempt() throws {
        let root = try TemporaryRoot(busyTimeoutSeconds: 0.1)
        _ = try SQLiteStore(root: root.root, workspace: "acme")
        // An operator's sqlite3 shell holding the store's write lock.
        let shell = try Database(path: root.root.store("acme"), busyTimeoutMilliseconds: 0)
        try shell.execute("BEGIN IMMEDIATE")
        try root.drop("acme/payments/a.csv", PaymentsCSV.mixed)

        let summary = try root.runPass()
        let fault = try #require(summary.faults.first)
        #expect(fault.transient)
        #expect(fault.underlying.contains("another process holds a write lock"))
        let waiting = try #require(try root.jobs().first)
        #expect(waiting.status == .queued)
        #expect(waiting.attempts == 0)
        #expect(root.files("work").count == 1)
        #expect(root.files("outbox").isEmpty)
        #expect(root.files("failed").isEmpty)

        try shell.execute("ROLLBACK")
        _ = try root.runPass()
        let done = try #require(try root.jobs().first)
        #expect(done.jobID == waiting.jobID)
        #expect(done.status == .done)
        #expect(done.attempts == 1)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 12)
    }

    @Test func runExitsIOErrorWhileAFaultKeepsAJobClaimed() throws {
        let root = try TemporaryRoot(busyTimeoutSeconds: 0.1)
        _ = try SQLiteStore(root: root.root, workspace: "acme")
        let shell = try Database(path: root.root.store("acme"), busyTimeoutMilliseconds: 0)
        try shell.execute("BEGIN IMMEDIATE")
        try root.drop("acme/payments/a.csv", PaymentsCSV.mixed)
        let run = try IntakeBinary.run(["run", root.path])
        #expect(run.status == 74)
        #expect(run.stderr.contains("will be retried"))
        try shell.execute("ROLLBACK")
        #expect(try IntakeBinary.run(["run", root.path]).status == 0)
        #expect(try root.jobs().first?.status == .done)
    }
}

/// An operator's sqlite3 shell holding the catalogue's write lock.
@Suite struct BusyCatalogueTests {
    @Test func busyCatalogueStopsRunWithAClearErrorAndLosesNothing() throws {
        let root = try TemporaryRoot(busyTimeoutSeconds: 0.2)
        _ = try SQLiteCatalogue(root: root.root)
        let shell = try Database(path: root.root.catalogue, busyTimeoutMilliseconds: 0)
        try shell.execute("BEGIN IMMEDIATE")
        try root.drop("acme/payments/a.csv", PaymentsCSV.mixed)
        let run = try IntakeBinary.run(["run", root.path])
        #expect(run.status == 74, "\(run.stderr)")
        #expect(run.stderr.contains("another process holds a write lock"), "\(run.stderr)")
        try shell.execute("ROLLBACK")
        #expect(try IntakeBinary.run(["run", root.path]).status == 0)
        let job = try #require(try root.jobs().first)
        #expect(job.status == .done)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 12)
        let audit = try RootAudit.run(root.root)
        #expect(audit.problems.isEmpty && audit.pending.isEmpty, "\(audit.problems) \(audit.pending)")
    }
}

/// A store write that fails while the parser thread is still reading: the
/// parser is stopped, nothing is stored, and the file stays claimed.
@Suite struct MidImportFaultTests {
    @Test func failingWriteStopsTheParserAndKeepsTheClaim() throws {
        let root = try TemporaryRoot()
        _ = try SQLiteStore(root: root.root, workspace: "acme")
        let store = try Database(path: root.root.store("acme"))
        try store.execute("""
            CREATE TRIGGER injected_fault BEFORE INSERT ON entries WHEN (NEW.id & 4294967295) = 5000
            BEGIN SELECT RAISE(ABORT, 'injected fault'); END
            """)
        let (bytes, _, _) = PaymentsGenerator(rows: 40_000, seed: 5).generateInMemory()
        try root.drop("acme/payments/big.csv", bytes)

        let summary = try root.runPass()
        let fault = try #require(summary.faults.first)
        #expect(!fault.transient)
        #expect(fault.underlying.contains("injected fault"))
        let job = try #require(try root.jobs().first)
        #expect(job.status == .queued)
        #expect(job.attempts == 1)
        #expect(root.files("work").count == 1)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 0)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM payments") == 0)

        try store.execute("DROP TRIGGER injected_fault")
        _ = try root.runPass()
        let done = try #require(try root.jobs().first)
        #expect(done.status == .done)
        #expect(done.attempts == 2)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 40_000)
    }
}

/// The disk fills under the real daemon (`tests/reliability/disk_full.sh` on a
/// small tmpfs in a mount namespace of its own).
@Suite struct DiskFullTests {
    @Test func fullDiskKeepsTheClaimServesOthersAndFinishesWhenRoomReturns() throws {
        let project = Repository.root
        let binaries = URL(fileURLWithPath: IntakeBinary.path).deletingLastPathComponent()
        let (status, text) = try inMountNamespace([
            project.appendingPathComponent("tests/reliability/disk_full.sh").path,
            IntakeBinary.path, binaries.appendingPathComponent("intake-gen-payments").path,
        ])
        #expect(status == 0, "\(text)")
        #expect(text.contains("database or disk is full"), "\(text)")
        #expect(text.contains("all checks hold"), "\(text)")
    }
}
