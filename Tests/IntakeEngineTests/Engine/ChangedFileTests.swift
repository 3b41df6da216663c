import Foundation
import IntakeKit
import Synchronization
import Testing
import IntakeTestSupport

/// A drop written to while or after it is imported: rolled back and given
/// back before the commit; kept out of the archive after it; found by verify.
@Suite struct ChangedFileTests {
    static let extraRow = "PAY-9,9.00,EUR,2026-06-09,Late Row,FR7630006000011234567890189,SOGEFRPP,FR,late\n"

    @Test func aWriterOpeningTheFileMidImportRollsTheJobBackAndGivesItBack() throws {
        let root = try TemporaryRoot()
        let inbox = try root.drop("acme__payments__june.csv", PaymentsCSV.mixed)
        let (job, runner) = try #require(try root.claimFirstDrop())
        let appended = Atomic<Bool>(false)
        runner.onProgress = { _, _, _ in
            guard !appended.exchange(true, ordering: .sequentiallyConsistent) else { return }
            // An uploader resuming into the claimed file: its open breaks the lease.
            let fd = open(job.workPath, O_WRONLY | O_APPEND)
            guard fd >= 0 else { return }
            _ = Self.extraRow.withCString { write(fd, $0, strlen($0)) }
            close(fd)
        }
        let outcome = try runner.run(job, startedAt: Timestamp.now())
        guard case .givenBack = outcome else {
            Issue.record("expected the job to be given back, got \(outcome)")
            return
        }
        let didAppend = appended.load(ordering: .sequentiallyConsistent)
        #expect(didAppend)
        #expect(try String(contentsOfFile: inbox, encoding: .utf8) == PaymentsCSV.mixed + Self.extraRow)
        #expect(try root.jobs().isEmpty)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 0)
        #expect(root.files("outbox").isEmpty)

        _ = try root.runPass()
        let done = try #require(try root.jobs().first)
        #expect(done.status == .done)
        #expect(done.total == 13)
        #expect(done.sha256 == SHA256.hash(Array((PaymentsCSV.mixed + Self.extraRow).utf8)))
    }

    @Test func aWriterThatOpensTheFileMidImportAndStallsHoldsItBackUntilItCloses() throws {
        let root = try TemporaryRoot()
        let inbox = try root.drop("acme__payments__june.csv", PaymentsCSV.mixed)
        let (job, runner) = try #require(try root.claimFirstDrop())
        let writer = Atomic<Int32>(-1)
        runner.onProgress = { _, _, _ in
            // Opens for writing and writes nothing yet: size and mtime stay as they were.
            if writer.load(ordering: .sequentiallyConsistent) < 0 {
                writer.store(open(job.workPath, O_WRONLY | O_APPEND), ordering: .sequentiallyConsistent)
            }
        }
        guard case .givenBack = try runner.run(job, startedAt: Timestamp.now()) else {
            Issue.record("a writer's open must give the job back even before it writes")
            return
        }
        let fd = writer.load(ordering: .sequentiallyConsistent)
        #expect(fd >= 0)
        #expect(try root.runPass().unsettled == 1, "taken while a writer holds it open")
        #expect(try root.jobs().isEmpty)
        _ = Self.extraRow.withCString { write(fd, $0, strlen($0)) }
        close(fd)
        _ = try root.runPass()
        let done = try #require(try root.jobs().first)
        #expect(done.status == .done)
        #expect(done.total == 13)
        #expect(!FileManager.default.fileExists(atPath: inbox))
    }

    @Test func anOriginalWrittenToAfterTheCommitGoesToFailedNotToTheArchive() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        let workName = ClaimedJob.workName(job: job.jobID, type: .payments, name: "june.csv")
        // Committed, not yet archived (the recovery path), when a writer appends.
        try rewindToApplied(root, job, workName: workName)
        let handle = try #require(FileHandle(forWritingAtPath: root.root.work("acme") + "/" + workName))
        handle.seekToEndOfFile()
        handle.write(Data(Self.extraRow.utf8))
        handle.closeFile()

        _ = try root.runPass()
        let finished = try #require(try root.jobs().first)
        #expect(finished.status == .done)
        #expect(finished.error?.code == "file_changed_after_import")
        #expect(finished.error?.message.contains("\(PaymentsCSV.mixed.utf8.count) bytes") == true)
        #expect(finished.error?.message.contains("\(PaymentsCSV.mixed.utf8.count + Self.extraRow.utf8.count) bytes") == true)
        #expect(finished.sha256 == job.sha256, "the job keeps the hash of what it read")
        #expect(root.files("archive").isEmpty)
        #expect(root.files("failed/acme") == [job.jobID + "__june.csv"])
        let result = try root.result("acme", job.jobID)
        #expect(result.dictionary("error")?.string("code") == "file_changed_after_import")
        #expect(try RootAudit.run(root.root).problems.isEmpty)
    }

    @Test func verifyComparesArchivedOriginalsWithTheirJobs() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        let archived = root.path + "/archive/" + root.files("archive")[0]
        #expect(try RootAudit.run(root.root, content: true).problems.isEmpty)
        #expect(try RootAudit.run(root.root, content: true).originalsChecked == 1)

        // Same size, one byte changed: only --content sees it.
        var bytes = Array(PaymentsCSV.mixed.utf8)
        bytes[bytes.count - 2] = UInt8(ascii: "y")
        try Data(bytes).write(to: URL(fileURLWithPath: archived))
        #expect(try RootAudit.run(root.root).problems.isEmpty)
        let hashed = try IntakeBinary.run(["verify", root.path, "--content"])
        #expect(hashed.status == 65)
        #expect(hashed.stdout.contains("job \(job.jobID)'s archived original"))
        #expect(hashed.stdout.contains("SHA-256"))

        // Grown: the size alone tells.
        try Data(bytes + Array(Self.extraRow.utf8)).write(to: URL(fileURLWithPath: archived))
        let sized = try IntakeBinary.run(["verify", root.path])
        #expect(sized.status == 65)
        #expect(sized.stdout.contains("has \(bytes.count + Self.extraRow.utf8.count) bytes, but the job read \(bytes.count)"))
    }

    @Test func aFileThatDoesNotEndWithALineBreakSaysItsLastRowMayBeCut() throws {
        let root = try TemporaryRoot()
        // An upload cut after the "1" of "1.78": the row is valid on its face.
        let cut = PaymentsCSV.header + PaymentsCSV.valid[0] + "PAY-1000,1"
        try root.drop("acme/payments/cut.csv", cut)
        try root.drop("acme/payments/whole.csv", PaymentsCSV.header + PaymentsCSV.valid[1])
        _ = try root.runPass()
        let jobs = try root.jobs()
        let cutJob = try #require(jobs.first { $0.sourceName == "cut.csv" })
        let wholeJob = try #require(jobs.first { $0.sourceName == "whole.csv" })
        let warnings = try root.result("acme", cutJob.jobID).array("document_warnings")
        #expect(warnings.map { $0.string("code") } == ["no_final_line_break"])
        #expect(try root.result("acme", wholeJob.jobID).array("document_warnings").isEmpty)
    }
}
