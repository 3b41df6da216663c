import Dispatch
@testable import IntakeKit
import Testing
import IntakeTestSupport

/// What only the in-memory driver needs to show (the contract suites hold the
/// rest): it is shared safely between threads, and one job's transaction is
/// open at a time, ended by a commit, a rollback or its going away.
@Suite struct InMemoryStorageTests {
    @Test func threadsSavingAtOnceLoseNoJobAndShareOneStorePerWorkspace() throws {
        let storage = InMemoryStorage()
        let catalogue = try #require(storage.openCatalogue() as? InMemoryCatalogue)
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for n in 0..<50 {
                let job = JobRecord(
                    jobID: "J-\(thread)-\(n)", workspace: "ws\(thread % 2)", apiType: nil, status: .done, sourceName: "a.csv",
                    queuedAt: Timestamp(milliseconds: Int64(n)))
                catalogue.save(job)
                _ = storage.openStore("ws\(thread % 2)")
            }
        }
        #expect(catalogue.statusCounts().jobs == [.done: 400])
        #expect(catalogue.owedHooks(staleBefore: Timestamp(milliseconds: 0), limit: nil).count == 400)
        #expect(storage.storedWorkspaces() == ["ws0", "ws1"])
        #expect(storage.openStore("ws0") === storage.openStore("ws0"))
    }

    @Test func oneJobsTransactionIsOpenAtATimeUntilItEnds() throws {
        let store = InMemoryStorage().openStore("acme")
        let schema = ImportType.payments.schema
        let start = Timestamp(milliseconds: 0)
        do {
            let open = try store.beginImport(job: "J1", schema: schema, at: start)
            #expect(throws: StorageError.self) { _ = try store.beginImport(job: "J2", schema: schema, at: start) }
            #expect(open.sequence == 1)
        }
        #expect(try store.appliedSequence(job: "J1") == nil, "a transaction that went away uncommitted left nothing")
        let next = try store.beginImport(job: "J2", schema: schema, at: start)
        try next.commit()
        #expect(throws: StorageError.self) { try next.commit() }
        #expect(try store.appliedSequence(job: "J2") == next.sequence)
    }
}
