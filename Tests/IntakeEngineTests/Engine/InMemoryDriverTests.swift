import Foundation
import IntakeKit
import IntakeTestSupport
import Testing

/// The engine links no backend: given the in-memory driver instead of the
/// commands' `Drivers.standard`, a drop goes through the same life cycle and
/// nothing of SQLite appears in the root.
@Suite struct InMemoryDriverTests {
    @Test func aDropRunsOnTheInMemoryDriverAndTheRootHoldsNoDatabase() throws {
        let root = try TemporaryRoot()
        try root.drop("acme__payments__june.csv", PaymentsCSV.mixed)
        let storage = InMemoryStorage()
        let drivers = Drivers(storage: { _, _ in storage }, handlers: .standard)
        let configuration = try Configuration.load(path: root.root.configuration)
        let summary = try Scheduler(root: root.root, configuration: configuration, drivers: drivers, logger: .silent,
                                    sleep: { _ in }).runPass()
        #expect(summary.faults.isEmpty)

        let jobs = try storage.openCatalogue().jobs()
        try #require(jobs.count == 1)
        let job = jobs[0]
        #expect(job.status == .done)
        #expect(job.total == 12)
        #expect(job.succeeded == 3)
        #expect(job.failed == 9)
        // The store holds the valid records and one entry per row.
        let audit = try storage.openStore("acme").audit()
        #expect(audit.jobs.count == 1)
        #expect(audit.entries.values.reduce(0, +) == 12)
        #expect(audit.records["payments"]?.values.reduce(0, +) == 3)
        // The outbox and the archive are the engine's, whatever the storage.
        #expect(try root.result("acme", job.jobID).string("status") == "DONE")
        #expect(root.files("archive").contains { $0.hasSuffix("acme__payments__june.csv") })
        #expect(!FileManager.default.fileExists(atPath: root.root.catalogue))
        #expect(!FileManager.default.fileExists(atPath: root.root.store("acme")))
    }
}
