import Foundation
import Testing
@testable import IntakeCLI
@testable import IntakeKit
@testable import IntakeSystem
import IntakeTestSupport

/// `intake migrate ROOT --to URL` moves a SQLite root with jobs of every type
/// into PostgreSQL: every job, applied job, entry and record, checked by
/// counts; run again it copies nothing twice; the root then works in
/// PostgreSQL mode and new jobs continue after the copied ones.
@Suite struct MigrateTests {
    @Test func aRootWithJobsOfEveryTypeMovesUpAndKeepsWorking() throws {
        let root = try TemporaryRoot()
        for name in try FileManager.default.contentsOfDirectory(atPath: PostgresModeTests.example).sorted()
        where name.hasPrefix("acme__") {
            try FileSystem.copy(PostgresModeTests.example + "/" + name, to: root.root.inbox + "/" + name)
        }
        let checks = PostgresModeTests.example + "/acme/company_account_checks/before-pay.jsonl"
        try root.drop("acme/company_account_checks/before-pay.jsonl", try FileSystem.readFile(checks))
        try root.drop("acme__payments__repeated.csv", PostgresModeTests.repeatedIDs())
        #expect(try IntakeBinary.run(["run", root.path]).status == 0)
        let before = try RootAudit.run(root.root)
        let jobs = try root.jobs()
        #expect(Set(jobs.compactMap(\.apiType)).count == ImportType.allCases.count, "\(jobs.map(\.apiType))")
        #expect(before.problems.isEmpty)

        let url = try PostgresServer.running().makeDatabase()
        let moved = try IntakeBinary.run(["migrate", root.path, "--to", url])
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(moved.stdout.contains("\"database\": \"\(url)\""), "\(moved.stdout)")
        #expect(moved.stdout.contains("moved index.sqlite"), "\(moved.stdout)")
        // Run again (an interrupted copy is resumed this way): nothing is copied twice.
        for name in MigrateGuard.moved where FileSystem.exists(root.root.migratedSQLite + "/" + name) {
            try FileSystem.rename(root.root.migratedSQLite + "/" + name, to: root.path + "/" + name)
        }
        let again = try IntakeBinary.run(["migrate", root.path, "--to", url])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("copied 0 applied job(s) (\(before.appliedJobs) already there)"), "\(again.stdout)")

        let storage = PostgresStorage(url: url)
        let after = try RootAudit.run(root.root, storage: storage)
        #expect(after.jobs == before.jobs && after.appliedJobs == before.appliedJobs)
        #expect(after.entries == before.entries && after.records == before.records)
        #expect(after.problems.isEmpty, "\(after.problems)")
        let hooks = try TemporaryRoot.scalar(url, "SELECT count(*) FROM intake.jobs WHERE hook_state = 'pending'")
        #expect(hooks == "0", "a moved job's hook is not owed again")

        // Switched over: the same commands read the database, and a new job's sequence follows the copied ones.
        var configuration = try Configuration.load(path: root.root.configuration)
        configuration.database = url
        try configuration.json().write(toFile: root.root.configuration, atomically: true, encoding: .utf8)
        #expect(!FileSystem.exists(root.root.catalogue) && !FileSystem.exists(root.root.data), "moved to migrated-sqlite/")
        let job = try #require(jobs.first { $0.sourceName == "acme__payments__repeated.csv" })
        let entries = try IntakeBinary.run(["entries", root.path, job.jobID, "--failed", "--limit", "3"])
        #expect(entries.status == 0 && entries.stdout.contains("duplicate_id"), "\(entries.stdout)\(entries.stderr)")
        try root.drop("acme__payments__later.csv", PaymentsCSV.mixed)
        #expect(try IntakeBinary.run(["run", root.path]).status == 0)
        let sequences = try TemporaryRoot.scalar(url, "SELECT max(seq) - count(*) FROM ws_acme.applied_jobs")
        #expect(sequences == "0", "the new job takes the next sequence")
        #expect(try IntakeBinary.run(["verify", root.path]).status == 0)
    }
}
