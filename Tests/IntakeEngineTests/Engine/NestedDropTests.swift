import Foundation
import Synchronization
import IntakeKit
import Testing
import IntakeTestSupport

/// Files in folders below a type folder (`sftp put -r`) are drops of that
/// workspace and type, named by their path below the type folder; nothing
/// deeper waits unanswered (spec section 4).
@Suite struct NestedDropTests {
    static let rows = PaymentsCSV.header + PaymentsCSV.valid.joined()

    /// The job whose catalogue name is `name`.
    func job(_ root: TemporaryRoot, _ name: String) throws -> JobRecord? {
        try root.jobs().first { $0.sourceName == name }
    }

    @Test func filesUpToThreeFoldersDeepAreImportedUnderTheirPathWithSlashesAsDoubleUnderscoresOnDisk() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/payments/batch-7/june.csv", NestedDropTests.rows)
        try root.drop("acme/payments/a/b/c/deepest.csv", NestedDropTests.rows.replacingOccurrences(of: "PAY-", with: "DEEP-"))
        let summary = try root.runPass()
        #expect(summary.finished.count == 2)
        for name in ["batch-7/june.csv", "a/b/c/deepest.csv"] {
            let done = try #require(try job(root, name))
            #expect(done.status == .done)
            #expect(done.total == PaymentsCSV.valid.count)
            let result = try root.result("acme", done.jobID)
            #expect((result["source"] as? [String: Any])?["name"] as? String == name, "\(result)")
            let archived = root.files("archive").filter { $0.hasSuffix(done.jobID + "__" + name.replacingOccurrences(of: "/", with: "__")) }
            #expect(archived.count == 1, "\(root.files("archive"))")
        }
        #expect(root.files("inbox").isEmpty)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM payments") == 2 * PaymentsCSV.valid.count)
    }

    @Test func aFileFourFoldersDeepIsAnsweredAndGoesToFailed() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/payments/a/b/c/d/june.csv", NestedDropTests.rows)
        _ = try root.runPass()
        let refused = try #require(try job(root, "a/b/c/d/june.csv"))
        #expect(refused.workspace == "acme")
        #expect(refused.status == .rejected)
        #expect(refused.error?.code == "too_deep")
        #expect(refused.error?.message.contains("at most 3 folders deep") == true, "\(refused.error?.message ?? "")")
        let result = try root.result("acme", refused.jobID)
        #expect(result["status"] as? String == "REJECTED")
        #expect(root.files("failed") == ["acme/\(refused.jobID)__a__b__c__d__june.csv"])
        #expect(root.files("inbox").isEmpty)
        #expect(((try? root.storeCount("acme", "SELECT count(*) FROM payments")) ?? 0) <= 0, "nothing stored")
    }

    @Test func aFolderDeeperThanTheScanIsAnsweredAsAWhole() throws {
        let root = try TemporaryRoot()
        let folders = (1...(DropName.deepestScanned + 1)).map(String.init)
        try root.drop("acme/payments/" + folders.joined(separator: "/") + "/june.csv", NestedDropTests.rows)
        _ = try root.runPass()
        let name = folders.joined(separator: "/")
        let refused = try #require(try job(root, name))
        #expect(refused.status == .rejected)
        #expect(refused.error?.code == "too_deep")
        #expect(root.files("failed") == ["acme/\(refused.jobID)__\(folders.joined(separator: "__"))/june.csv"])
        #expect(root.files("inbox").isEmpty)
    }

    @Test func nestedDropsOfUnknownTypesOrWorkspacesAreAnswered() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/invoices/batch/june.csv", NestedDropTests.rows)
        try root.drop("nobody/payments/batch/june.csv", NestedDropTests.rows)
        try root.drop("acme/payments/batch/june.xls", "not a workbook")
        _ = try root.runPass()
        let codes = try root.jobs().map { "\($0.workspace) \($0.sourceName) \($0.error?.code ?? "-")" }.sorted()
        #expect(codes == ["_unrouted batch/june.csv unknown_workspace", "acme batch/june.csv unknown_type",
                          "acme batch/june.xls unsupported_format"])
        #expect(root.files("inbox").isEmpty)
    }

    @Test func aSymlinkedSubfolderIsNeverFollowed() throws {
        let root = try TemporaryRoot()
        let outside = root.path + "/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try Data(NestedDropTests.rows.utf8).write(to: URL(fileURLWithPath: outside + "/secret.csv"))
        try FileManager.default.createDirectory(atPath: root.root.inbox + "/acme/payments", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root.root.inbox + "/acme/payments/linked", withDestinationPath: outside)
        try FileManager.default.createDirectory(atPath: root.root.inbox + "/acme/payments/real", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root.root.inbox + "/acme/payments/real/deeper", withDestinationPath: outside)
        _ = try root.runPass()
        let jobs = try root.jobs()
        #expect(jobs.map(\.sourceName).sorted() == ["linked", "real/deeper"], "\(describe(jobs))")
        #expect(jobs.allSatisfy { $0.status == .rejected && $0.error?.code == "not_a_regular_file" })
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside) == ["secret.csv"], "the folder linked to is untouched")
        #expect(root.files("inbox").isEmpty, "the links were removed")
        #expect(root.files("failed").isEmpty, "a link is never kept")
        #expect(((try? root.storeCount("acme", "SELECT count(*) FROM payments")) ?? 0) <= 0)
    }

    @Test func aMarkerBesideANestedFileMakesItReadyAtOnceAndGoesWithIt() throws {
        let root = try TemporaryRoot(settleSeconds: 3600)
        try root.drop("acme/payments/batch-7/june.csv", NestedDropTests.rows)
        try root.drop("acme/payments/batch-7/june.csv.done", "")
        try root.drop("acme/payments/batch-7/later.csv", NestedDropTests.rows)
        let configuration = try Configuration.load(path: root.root.configuration)
        // First sight, no settle window passed: only the marked file is ready.
        var readiness = Readiness(leaseTest: Readiness.testLease(inbox: root.root.inbox))
        let drops = try InboxScanner(root: root.root, configuration: configuration).scan()
        let review = readiness.review(drops, at: 0, configuration: configuration)
        #expect(review.settled.map(\.name) == ["batch-7/june.csv"])
        #expect(review.waiting == 1)
        #expect(readiness.confirm(review.settled).ready.count == 1)
        let claimed = try #require(try root.claimFirstDrop())
        #expect(claimed.0.record.sourceName == "batch-7/june.csv")
        #expect(root.files("inbox") == ["acme/payments/batch-7/later.csv"], "the marker went with its file")
    }

    @Test func aNestedFileOpenedByAWriterMidImportIsGivenBackToItsFolder() throws {
        let root = try TemporaryRoot()
        let inbox = try root.drop("acme/payments/batch-7/june.csv", PaymentsCSV.mixed)
        let (job, runner) = try #require(try root.claimFirstDrop())
        #expect(job.workPath.hasSuffix("__payments__batch-7__june.csv"))
        let appended = Atomic<Bool>(false)
        runner.onProgress = { _, _, _ in
            guard !appended.exchange(true, ordering: .sequentiallyConsistent) else { return }
            let fd = open(job.workPath, O_WRONLY | O_APPEND)
            guard fd >= 0 else { return }
            _ = "PAY-X,1.00,EUR,2026-01-01,N,FR7630006000011234567890189,SOGEFRPP,FR,\n".withCString { write(fd, $0, strlen($0)) }
            close(fd)
        }
        guard case .givenBack = try runner.run(job, startedAt: Timestamp.now()) else {
            Issue.record("expected the job to be given back")
            return
        }
        #expect(FileManager.default.fileExists(atPath: inbox), "not back in inbox/acme/payments/batch-7/: \(root.files("inbox"))")
        _ = try root.runPass()
        let done = try #require(try root.jobs().first)
        #expect(done.sourceName == "batch-7/june.csv" && done.status == .done)
    }

    @Test func aClaimedNestedFileLeftByACrashIsRecoveredUnderItsWholeName() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/payments/batch-7/june.csv", NestedDropTests.rows)
        let (job, _) = try #require(try root.claimFirstDrop())  // the process dies here
        _ = try root.runPass()
        let done = try #require(try root.jobs().first)
        #expect(done.jobID == job.record.jobID)
        #expect(done.sourceName == "batch-7/june.csv" && done.status == .done)
        #expect(try root.root.original(of: done)?.hasSuffix("/" + done.jobID + "__batch-7__june.csv") == true)
    }
}
