@testable import IntakeKit
import Testing
import IntakeTestSupport

/// One set of assertions on the workspace stores, their storage and locks,
/// run against every driver (in memory, SQLite, PostgreSQL), so the in-memory
/// one cannot drift from the databases: a job's entries and records commit
/// together, ids repeated in one job are duplicates, a later job rewrites a
/// record, a rolled-back job leaves nothing, a job is applied once.
@Suite struct RecordStoreContractTests {
    static let job1 = "20261123T000000000-00000001"
    static let job2 = "20261123T000000000-00000002"

    @Test(arguments: StorageBackend.allCases)
    func aCommittedJobHasItsEntriesInRowOrderAndItsRecords(_ backend: StorageBackend) throws {
        let fresh = try backend.make()
        let store = try fresh.storage.openStore("acme")
        #expect(store.workspace == "acme")
        #expect(try store.appliedSequence(job: Self.job1) == nil)
        let (sequence, duplicates) = try store.importJob(
            Self.job1, .payments, [ContractRow(id: "P-1"), ContractRow(id: "P-2", failed: true), ContractRow(id: "P-3")])
        #expect(duplicates == [false, false, false])
        #expect(try store.appliedSequence(job: Self.job1) == sequence)

        let entries = try Self.read(store.entries(sequence: sequence))
        #expect(entries == [
            StoredEntry(row: 0, line: 2, recordID: "P-1", status: "SUCCESS", issuesJSON: nil),
            StoredEntry(row: 1, line: 3, recordID: "P-2", status: "FAILED", issuesJSON: #"[{"code":"required"}]"#),
            StoredEntry(row: 2, line: 4, recordID: "P-3", status: "SUCCESS", issuesJSON: nil),
        ])
        #expect(try Self.read(store.entries(sequence: sequence, failedOnly: true, limit: nil)).map(\.row) == [1])
        #expect(try Self.read(store.entries(sequence: sequence, failedOnly: false, limit: 2)).map(\.row) == [0, 1])
        // A page's cursor: the rows after one, a seek rather than a scan.
        #expect(try Self.read(store.entries(sequence: sequence, after: 0, failedOnly: false, limit: nil)).map(\.row) == [1, 2])
        #expect(try Self.read(store.entries(sequence: sequence, after: 1, failedOnly: false, limit: 1)).map(\.row) == [2])
        #expect(try Self.read(store.entries(sequence: sequence, after: 0, failedOnly: true, limit: nil)).map(\.row) == [1])
        #expect(try Self.read(store.entries(sequence: sequence, after: 2, failedOnly: false, limit: nil)).isEmpty)
        #expect(try Self.read(store.entries(sequence: sequence, after: Int(UInt32.max), failedOnly: false, limit: nil)).isEmpty)
        #expect(try store.countEntries(sequence: sequence) == 3)

        let audit = try store.audit()
        #expect(audit.integrityProblem == nil)
        #expect(audit.jobs == [sequence: Self.job1])
        #expect(audit.entries == [sequence: 3])
        #expect(audit.records == ["payments": [sequence: 2]])
    }

    @Test(arguments: StorageBackend.allCases)
    func anIdRepeatedInOneJobIsADuplicateAndALaterJobRewritesTheRecord(_ backend: StorageBackend) throws {
        let fresh = try backend.make()
        let store = try fresh.storage.openStore("acme")
        let first = try store.importJob(Self.job1, .beneficiaries, [
            ContractRow(id: "B-1", extra: #"{"entity":{"a":1}}"#), ContractRow(id: "B-2"),
            ContractRow(id: "B-1", extra: #"{"entity":{"a":2}}"#),
        ])
        #expect(first.duplicates == [false, false, true])
        #expect(try store.extra(type: .beneficiaries, recordID: "B-1", sequence: first.sequence) == #"{"entity":{"a":1}}"#)
        #expect(try store.extra(type: .beneficiaries, recordID: "B-2", sequence: first.sequence) == nil)

        let second = try store.importJob(Self.job2, .beneficiaries, [ContractRow(id: "B-1", extra: #"{"entity":{"a":3}}"#)])
        #expect(second.duplicates == [false], "an id stored by an earlier job is rewritten, not a duplicate")
        #expect(second.sequence > first.sequence)
        #expect(try store.extra(type: .beneficiaries, recordID: "B-1", sequence: first.sequence) == nil)
        #expect(try store.extra(type: .beneficiaries, recordID: "B-1", sequence: second.sequence) == #"{"entity":{"a":3}}"#)
        #expect(try store.extra(type: .payments, recordID: "B-1", sequence: second.sequence) == nil, "payments keep no extra")
        #expect(try store.audit().records == ["beneficiaries": [first.sequence: 1, second.sequence: 1]])
    }

    @Test(arguments: StorageBackend.allCases)
    func aRolledBackJobLeavesNothingAndAJobIsAppliedOnce(_ backend: StorageBackend) throws {
        let fresh = try backend.make()
        let store = try fresh.storage.openStore("acme")
        try store.importJob(Self.job1, .payments, [ContractRow(id: "P-1")], commit: false)
        #expect(try store.appliedSequence(job: Self.job1) == nil)
        let audit = try store.audit()
        #expect(audit.jobs.isEmpty && audit.entries.isEmpty && audit.records.isEmpty)

        let (sequence, _) = try store.importJob(Self.job1, .payments, [ContractRow(id: "P-1")])
        #expect(try store.appliedSequence(job: Self.job1) == sequence)
        #expect(throws: (any Error).self) { try store.importJob(Self.job1, .payments, [ContractRow(id: "P-2")]) }
        #expect(try store.audit().records == ["payments": [sequence: 1]], "the refused job wrote nothing")
    }

    @Test(arguments: StorageBackend.allCases)
    func deletingAJobsEntriesKeepsItsRecords(_ backend: StorageBackend) throws {
        let fresh = try backend.make()
        let store = try fresh.storage.openStore("acme")
        let (sequence, _) = try store.importJob(Self.job1, .payments, [ContractRow(id: "P-1"), ContractRow(id: "P-2")])
        try store.deleteEntries(sequence: sequence)
        #expect(try store.countEntries(sequence: sequence) == 0)
        #expect(try store.entries(sequence: sequence).next() == nil)
        #expect(try store.audit().records == ["payments": [sequence: 2]])
        #expect(try store.appliedSequence(job: Self.job1) == sequence)
    }

    @Test(arguments: StorageBackend.allCases)
    func storesAreListedReopenedAndErased(_ backend: StorageBackend) throws {
        let fresh = try backend.make()
        let storage = fresh.storage
        _ = try storage.openCatalogue()
        #expect(try storage.storedWorkspaces().isEmpty)
        #expect(try !storage.hasStore("acme"))
        do {
            try storage.openStore("acme").importJob(Self.job1, .payments, [ContractRow(id: "P-1")])
            _ = try storage.openStore("beta")
        }
        #expect(try storage.storedWorkspaces() == ["acme", "beta"])
        #expect(try storage.openStore("acme").appliedSequence(job: Self.job1) != nil, "another open sees the same store")
        #expect(try !storage.eraseStore("beta", dryRun: true).isEmpty)
        #expect(try storage.hasStore("beta"))
        #expect(try !storage.eraseStore("beta", dryRun: false).isEmpty)
        #expect(try !storage.hasStore("beta"))
        #expect(try storage.eraseStore("beta", dryRun: false).isEmpty)
        #expect(try storage.storedWorkspaces() == ["acme"])
        #expect(try storage.openStore("beta").appliedSequence(job: Self.job1) == nil, "a store opened again starts empty")
    }

    @Test(arguments: StorageBackend.allCases)
    func aWorkspaceLockHasOneHolderAtATime(_ backend: StorageBackend) throws {
        let fresh = try backend.make()
        _ = try fresh.storage.openCatalogue()
        let locks = fresh.storage.locks
        let lock = try #require(try locks.tryAcquire("acme", job: Self.job1, store: nil))
        #expect(lock.workspace == "acme")
        #expect(try locks.tryAcquire("acme", job: Self.job2, store: nil) == nil)
        #expect(try locks.tryAcquire("beta", job: Self.job2, store: nil) != nil)
        #expect(locks.holder("acme")?.job == Self.job1)
        try lock.confirmHeld()
        try lock.setHolder(job: nil)
        #expect(locks.holder("acme")?.job == "-")
        lock.release()
        #expect(locks.holder("acme")?.job == "-", "the last holder stays recorded")
        #expect(try locks.tryAcquire("acme", job: Self.job2, store: nil) != nil)
    }

    static func read(_ cursor: any EntryCursor) throws -> [StoredEntry] {
        var entries: [StoredEntry] = []
        while let entry = try cursor.next() { entries.append(entry) }
        return entries
    }
}
