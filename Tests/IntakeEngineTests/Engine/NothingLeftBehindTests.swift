import Foundation
import IntakeKit
import Synchronization
import Testing
import IntakeTestSupport

/// No single file stalls its workspace, and every job ends with a result:
/// a faulting job is set aside while the drops behind it import; a claimed
/// file that vanished, or whose workspace was removed, still gets its result.
@Suite struct NothingLeftBehindTests {
    func rows(_ prefix: String) -> String {
        PaymentsCSV.header + PaymentsCSV.valid.map { $0.replacingOccurrences(of: "PAY-", with: prefix + "-") }.joined()
    }

    @Test func aJobThatFaultsIsSetAsideAndTheDropsBehindItImport() throws {
        let root = try TemporaryRoot(maxAttempts: 3)
        _ = try SQLiteStore(root: root.root, workspace: "acme")
        let store = try Database(path: root.root.store("acme"))
        try store.execute("""
            CREATE TRIGGER injected_fault BEFORE INSERT ON payments WHEN NEW.payment_id = 'POISON-1'
            BEGIN SELECT RAISE(ABORT, 'injected fault'); END
            """)
        let poison = try root.drop("acme/payments/a-poison.csv", rows("POISON"))
        // The poison file is the oldest: it is claimed first.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: poison)
        for name in ["b", "c", "d"] { try root.drop("acme/payments/\(name).csv", rows(name.uppercased())) }

        let first = try root.runPass()
        #expect(first.faults.map(\.underlying).allSatisfy { $0.contains("injected fault") })
        #expect(first.faults.count == 1)
        #expect(first.finished.map(\.sourceName).sorted() == ["b.csv", "c.csv", "d.csv"])
        #expect(root.files("work/acme").count == 1)

        // Each later pass tries it again (its attempts counted: the fault is not the machine's)
        // until max_attempts sends it to failed/ with a result; nothing else waits on it.
        for _ in 2...3 { #expect(try root.runPass().faults.count == 1) }
        #expect(try root.runPass().faults.isEmpty, "after max_attempts (3) runs it is not tried again")
        let poisoned = try #require(try root.jobs().first { $0.sourceName == "a-poison.csv" })
        #expect(poisoned.status == .failed)
        #expect(poisoned.error?.code == "too_many_attempts")
        #expect(root.files("work/acme").isEmpty)
        #expect(try root.jobs().filter { $0.status == .done }.count == 3)
    }

    @Test func aNameThatIsNotUTF8IsRefusedWithAResultNotLeftInTheInbox() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/payments/good.csv", PaymentsCSV.mixed)
        // "bad<0xFF>.csv": a Latin-1 name from an old client.
        let folder = root.root.inbox + "/acme/payments/"
        let raw = Array(folder.utf8) + [0x62, 0x61, 0x64, 0xFF, 0x2E, 0x63, 0x73, 0x76]
        let fd = open(raw.map { CChar(bitPattern: $0) } + [0], O_WRONLY | O_CREAT | O_EXCL, 0o644)
        #expect(fd >= 0)
        _ = PaymentsCSV.mixed.withCString { write(fd, $0, strlen($0)) }
        close(fd)

        let pass = try root.runPass()
        #expect(pass.faults.isEmpty)
        let jobs = try root.jobs()
        let refused = try #require(jobs.first { $0.error?.code == "unrepresentable_name" })
        #expect(refused.status == .rejected)
        #expect(refused.workspace == "acme")
        #expect(refused.sourceName == "bad\u{FFFD}.csv")
        #expect(try root.result("acme", refused.jobID).dictionary("error")?.string("message")?.contains("not valid UTF-8") == true)
        #expect(jobs.contains { $0.sourceName == "good.csv" && $0.status == .done })
        #expect(root.files("inbox").isEmpty, "nothing left unanswered in the inbox")
        #expect(root.files("failed/acme").count == 1)
    }

    @Test func aClaimedFileRemovedMidImportEndsWithAResult() throws {
        let root = try TemporaryRoot()
        try root.drop("acme__payments__june.csv", PaymentsCSV.mixed)
        let (job, runner) = try #require(try root.claimFirstDrop())
        let removed = Atomic<Bool>(false)
        runner.onProgress = { _, _, _ in
            if !removed.exchange(true, ordering: .sequentiallyConsistent) { unlink(job.workPath) }
        }
        guard case .finished(let record) = try runner.run(job, startedAt: Timestamp.now()) else {
            Issue.record("a vanished file ends the job")
            return
        }
        #expect(record.status == .failed)
        #expect(record.error?.code == "file_lost")
        #expect(try root.result("acme", record.jobID).dictionary("error")?.string("code") == "file_lost")
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 0)
        #expect(try RootAudit.run(root.root).problems.isEmpty)
    }

    @Test func anUnfinishedJobWhoseFileIsGoneGetsItsResultOnRecovery() throws {
        let root = try TemporaryRoot()
        var record = JobRecord(jobID: "20261123T101010101-0000abcd", workspace: "acme", apiType: "trustpair/payments_import",
                               status: .running, sourceName: "june.csv", queuedAt: Timestamp(milliseconds: 1_795_000_000_000))
        record.attempts = 1
        try SQLiteCatalogue(root: root.root).save(record)
        _ = try root.runPass()
        let settled = try #require(try root.jobs().first)
        #expect(settled.status == .failed)
        #expect(settled.error?.code == "file_lost")
        #expect(FileManager.default.fileExists(atPath: root.root.outbox("acme") + "/\(settled.jobID).result.json"))
        #expect(try RootAudit.run(root.root).problems.isEmpty)
    }

    @Test func aJobLeftInARemovedWorkspaceEndsFailedInUnrouted() throws {
        let root = try TemporaryRoot(workspaces: ["acme": Set(ImportType.allPermissions), "gone": Set(ImportType.allPermissions)])
        let job = "20261123T101010101-0000beef"
        try FileManager.default.createDirectory(atPath: root.root.work("gone"), withIntermediateDirectories: true)
        try PaymentsCSV.mixed.write(toFile: root.root.work("gone") + "/\(job)__payments__june.csv", atomically: true, encoding: .utf8)
        var record = JobRecord(jobID: job, workspace: "gone", apiType: "trustpair/payments_import", status: .running,
                               sourceName: "june.csv", queuedAt: Timestamp(milliseconds: 1_795_000_000_000))
        record.attempts = 1
        try SQLiteCatalogue(root: root.root).save(record)
        // The operator removes the workspace while its file waits in work/.
        var configuration = try Configuration.load(path: root.root.configuration)
        configuration.workspaces["gone"] = nil
        try configuration.json().write(toFile: root.root.configuration, atomically: true, encoding: .utf8)
        let before = try RootAudit.run(root.root)
        #expect(before.problems.contains { $0.contains("no longer configures") })

        _ = try root.runPass()
        let ended = try #require(try root.jobs().first)
        #expect(ended.status == .failed)
        #expect(ended.error?.code == "workspace_removed")
        #expect(root.files("failed/_unrouted") == ["\(job)__june.csv"])
        #expect(root.files("outbox/_unrouted").contains("\(job).result.json"))
        #expect(root.files("work/gone").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: root.root.outbox("gone")), "nothing is created under the removed name")
        #expect(try RootAudit.run(root.root).problems.isEmpty)
    }
}
