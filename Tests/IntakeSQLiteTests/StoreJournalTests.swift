@testable import IntakeKit
import Foundation
import Testing
import IntakeTestSupport

/// A store commits a small job through a write-ahead log (one sync) and a big
/// one through the rollback journal (no page written twice), and says when its
/// file was removed under it (a store kept open between jobs is then closed).
@Suite struct StoreJournalTests {
    private func commitEmptyJob(_ store: SQLiteStore, _ job: String) throws {
        try store.beginImport(job: job, schema: ImportType.payments.schema, at: Timestamp.now()).commit()
    }

    @Test func aSmallJobCommitsThroughTheWriteAheadLog() throws {
        let root = try TemporaryRoot()
        let store = try SQLiteStore(root: root.root, workspace: "acme")
        try store.prepareImport(expectedBytes: 600)
        try commitEmptyJob(store, "J1")
        #expect(store.journalMode == "wal")
        #expect(FileManager.default.fileExists(atPath: root.root.store("acme") + "-wal"))
        // Another connection (an `intake` command) sees the committed job.
        let other = try SQLiteStore(root: root.root, workspace: "acme")
        #expect(try other.appliedSequence(job: "J1") != nil)
        #expect(other.journalMode == "wal")
    }

    @Test func aBigJobCommitsThroughTheRollbackJournal() throws {
        let root = try TemporaryRoot()
        let store = try SQLiteStore(root: root.root, workspace: "acme")
        try store.prepareImport(expectedBytes: 600)
        try commitEmptyJob(store, "J1")
        try store.prepareImport(expectedBytes: SQLiteStore.writeAheadLimit)
        try commitEmptyJob(store, "J2")
        #expect(store.journalMode == "truncate")
        #expect(!FileManager.default.fileExists(atPath: root.root.store("acme") + "-wal"))
        let other = try SQLiteStore(root: root.root, workspace: "acme")
        #expect(try other.appliedSequence(job: "J1") != nil)
        #expect(try other.appliedSequence(job: "J2") != nil)
    }

    @Test func aBigJobStaysInTheLogWhileAnotherConnectionIsOpen() throws {
        let root = try TemporaryRoot()
        let store = try SQLiteStore(root: root.root, workspace: "acme")
        try store.prepareImport(expectedBytes: 600)
        try commitEmptyJob(store, "J1")
        let reader = try SQLiteStore(root: root.root, workspace: "acme")
        #expect(try reader.appliedSequence(job: "J1") != nil)
        try store.prepareImport(expectedBytes: 1 << 30)
        try commitEmptyJob(store, "J2")
        #expect(store.journalMode == "wal")
        #expect(try reader.appliedSequence(job: "J2") != nil)
    }

    @Test func aStoreWhoseFileIsRemovedHasMoved() throws {
        let root = try TemporaryRoot()
        let store = try SQLiteStore(root: root.root, workspace: "acme")
        #expect(!store.hasMoved)
        _ = try SQLiteStorage(root: root.root).eraseStore("acme", dryRun: false)
        #expect(store.hasMoved)
    }
}
