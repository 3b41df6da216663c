import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// retry and erase, with their dry runs, on the built binary.
@Suite struct HousekeepingTests {
    @Test func retryImportsTheArchivedOriginalAgainOnlyWhenForced() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        _ = try root.runPass()
        let first = try #require(try root.jobs().first)

        let dry = try IntakeBinary.run(["retry", root.path, first.jobID, "--dry-run"])
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("would import"))
        #expect(try root.jobs().count == 1)

        let again = try IntakeBinary.run(["retry", root.path, first.jobID])
        #expect(again.status == 0)
        #expect(again.stdout.contains("DUPLICATE"))
        let forced = try IntakeBinary.run(["retry", root.path, first.jobID, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        let jobs = try root.jobs()
        #expect(jobs.map(\.status) == [.done, .duplicate, .done])
        #expect(jobs[2].sourceName == "june.csv")
        #expect(jobs[2].sha256 == first.sha256)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM applied_jobs") == 2)
        #expect(root.files("archive").count == 3)
    }

    @Test func retryOfAFailedDocumentRunsItsOriginalFromFailed() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/payments/empty.csv", "")
        _ = try root.runPass()
        let failed = try #require(try root.jobs().first)
        #expect(failed.status == .failed)
        let again = try IntakeBinary.run(["retry", root.path, failed.jobID])
        #expect(again.status == 65)
        #expect(try root.jobs().count == 2)
        #expect(try IntakeBinary.run(["retry", root.path, "20990101T000000000-00000000"]).status == 66)
    }

    @Test func eraseRemovesOneWorkspaceAndNothingElse() throws {
        let root = try TemporaryRoot(workspaces: ["acme": Set(ImportType.allPermissions), "globex": Set(ImportType.allPermissions)])
        try root.drop("acme/payments/a.csv", PaymentsCSV.mixed)
        try root.drop("globex/payments/g.csv", PaymentsCSV.mixed)
        _ = try root.runPass()

        let dry = try IntakeBinary.run(["erase", root.path, "--workspace", "acme", "--dry-run"])
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("would remove \(root.root.store("acme"))"))
        #expect(dry.stdout.contains("would remove 1 catalogue row(s) of acme"))
        #expect(FileManager.default.fileExists(atPath: root.root.store("acme")))

        let erased = try IntakeBinary.run(["erase", root.path, "--workspace", "acme"])
        #expect(erased.status == 0)
        #expect(!FileManager.default.fileExists(atPath: root.root.store("acme")))
        #expect(root.files("outbox/acme").isEmpty)
        #expect(root.files("archive/acme").isEmpty)
        #expect(try root.jobs().map(\.workspace) == ["globex"])
        #expect(FileManager.default.fileExists(atPath: root.root.store("globex")))
        #expect(root.files("archive/globex").count == 1)
        #expect(FileManager.default.fileExists(atPath: root.root.lock("acme")))
    }

    @Test func eraseWaitsForNoJob() throws {
        let root = try TemporaryRoot()
        let lock = try #require(try FileLock.tryAcquire(root: root.root, workspace: "acme", job: "J"))
        _ = try SQLiteCatalogue(root: root.root)
        let busy = try IntakeBinary.run(["erase", root.path, "--workspace", "acme"])
        #expect(busy.status == 75)
        lock.release()
    }
}

/// Retention: old jobs lose their files and entries, keep their catalogue rows.
@Suite struct PurgeTests {
    @Test func purgeRemovesOldFilesAndEntriesButKeepsTheSummary() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/payments/old.csv", PaymentsCSV.mixed)
        try root.drop("acme/payments/empty.csv", "")
        _ = try root.runPass()
        let catalogue = try SQLiteCatalogue(root: root.root)
        // Age both jobs by 40 days.
        for var job in try catalogue.jobs() {
            job.queuedAt = Timestamp(milliseconds: job.queuedAt.milliseconds - 40 * 86_400_000)
            job.finishedAt = job.finishedAt.map { Timestamp(milliseconds: $0.milliseconds - 40 * 86_400_000) }
            try catalogue.save(job)
        }
        try root.drop("acme/payments/new.csv", PaymentsCSV.header + PaymentsCSV.valid.joined())
        _ = try root.runPass()
        let fresh = try #require(try catalogue.jobs().first)

        let dry = try IntakeBinary.run(["purge", root.path, "--older-than", "30", "--dry-run"])
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("would remove 12 entries"))
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 15)

        let purged = try IntakeBinary.run(["purge", root.path, "--older-than", "30"])
        #expect(purged.status == 0, "\(purged.stderr)")
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 3)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM payments") == 3)
        #expect(try catalogue.jobs().count == 3)
        #expect(root.files("failed").isEmpty)
        #expect(root.files("archive").count == 1)
        #expect(root.files("outbox/acme").allSatisfy { $0.hasPrefix(fresh.jobID) })
        #expect(try IntakeBinary.run(["purge", root.path]).status == 64)
    }
}

/// The reads stay index-driven on large catalogues and stores.
@Suite struct QueryPlanTests {
    @Test func entriesOfAJobAreOneKeyRange() throws {
        let root = try TemporaryRoot()
        _ = try SQLiteStore(root: root.root, workspace: "acme")
        let database = try Database(path: root.root.store("acme"))
        let plan = try database.prepare(
            "EXPLAIN QUERY PLAN SELECT row, line, record_id, status, issues FROM entries WHERE id BETWEEN 4294967296 AND 8589934591 AND failed = 1 ORDER BY id LIMIT 10")
        var details: [String] = []
        while try plan.step() { details.append(plan.text(3) ?? "") }
        #expect(details.contains { $0.contains("USING INTEGER PRIMARY KEY") }, "\(details)")
        #expect(!details.contains { $0.contains("TEMP B-TREE") }, "\(details)")
    }
}
