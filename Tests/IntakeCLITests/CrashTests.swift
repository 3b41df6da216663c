import Foundation
import IntakeFixtures
import IntakeKit
import Testing
import IntakeTestSupport

/// A process killed with SIGKILL mid-import leaves a job the next run completes,
/// with no record stored twice.
@Suite struct CrashTests {
    @Test func killedImportIsCompletedByTheNextRun() throws {
        let root = try TemporaryRoot()
        let rows = 200_000
        let generator = PaymentsGenerator(rows: rows, seed: 3)
        let path = root.root.inbox + "/acme__payments__big.csv"
        let counts = try generator.write(toFile: path)
        let invalid = counts.values.reduce(0, +)

        let running = try IntakeBinary.start(["run", root.path])
        let catalogue = try SQLiteCatalogue(root: root.root)
        var seen: [String] = []
        let midway = try eventually(within: 60) {
            guard let job = try catalogue.jobs().first else { return false }
            if seen.last != "\(job.status.rawValue) \(job.processed)" { seen.append("\(job.status.rawValue) \(job.processed)") }
            return job.status == .running && job.processed > 0
        }
        kill(running.process.processIdentifier, SIGKILL)
        running.process.waitUntilExit()
        let log = String(decoding: running.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        try #require(midway, "never saw the import running: statuses \(seen), log: \(log)")
        #expect(running.process.terminationReason == .uncaughtSignal)
        #expect(root.files("work").count == 1)
        #expect(try catalogue.jobs().first?.status == .running)

        let again = try IntakeBinary.run(["run", root.path])
        #expect(again.status == 0, "\(again.stderr)")
        let job = try #require(try catalogue.jobs().first)
        #expect(job.status == .done)
        #expect(job.attempts == 2)
        #expect(job.total == rows)
        #expect(job.failed == invalid)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == rows)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM payments") == rows - invalid)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM applied_jobs") == 1)
        #expect(try SQLiteStore(root: root.root, workspace: "acme").audit().integrityProblem == nil)
        #expect(root.files("work").isEmpty)
        #expect(root.files("archive").count == 1)
    }
}
