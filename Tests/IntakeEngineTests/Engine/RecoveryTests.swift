import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// What a crashed process leaves is finished by whoever takes the lock next.
@Suite struct RecoveryTests {
    /// Imports one mixed file and returns the root, the job and its result text.
    func importedJob() throws -> (TemporaryRoot, JobRecord, String) {
        let root = try TemporaryRoot()
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        return (root, job, try root.read("outbox/acme/\(job.jobID).result.json"))
    }

    @Test func appliedJobIsReportedAndArchivedWithoutStoringAgain() throws {
        let (root, job, original) = try importedJob()
        let originalErrors = try root.read("outbox/acme/\(job.jobID).errors.csv")
        let originalRejected = try root.read("outbox/acme/\(job.jobID).rejected.csv")
        // Put the state back to "committed, not yet reported": file claimed, catalogue APPLIED, no outbox.
        try rewindToApplied(root, job, workName: ClaimedJob.workName(job: job.jobID, type: .payments, name: "june.csv"))

        _ = try root.runPass()
        let recovered = try #require(try root.jobs().first)
        #expect(recovered.status == .done)
        #expect(recovered.attempts == job.attempts)
        #expect(recovered.sha256 == job.sha256)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 12)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM applied_jobs") == 1)
        #expect(try root.read("outbox/acme/\(job.jobID).errors.csv") == originalErrors)
        #expect(try root.read("outbox/acme/\(job.jobID).rejected.csv") == originalRejected)
        let rebuilt = try root.result("acme", job.jobID)
        let before = try JSONSerialization.jsonObject(with: Data(original.utf8)) as? [String: Any] ?? [:]
        for key in ["total", "succeeded", "failed", "warnings", "processed"] {
            #expect(rebuilt.int(key) == before.int(key), "\(key)")
        }
        #expect(rebuilt.array("progress").count == before.array("progress").count)
        #expect(root.files("work").isEmpty)
        #expect(root.files("archive").count == 1)
    }

    /// What a process killed mid-job leaves: the claimed file in work/.
    func leaveClaim(_ root: TemporaryRoot, job: String) throws {
        try FileManager.default.createDirectory(atPath: root.root.work("acme"), withIntermediateDirectories: true)
        try PaymentsCSV.mixed.write(toFile: root.root.work("acme") + "/\(job)__payments__june.csv", atomically: true, encoding: .utf8)
    }

    /// ... and its catalogue row, still RUNNING after `attempts` starts.
    func leaveRunningRecord(_ root: TemporaryRoot, job: String, attempts: Int) throws {
        var record = JobRecord(jobID: job, workspace: "acme", apiType: "trustpair/payments_import", status: .running,
                               sourceName: "june.csv", queuedAt: Timestamp(milliseconds: 1_795_000_000_000))
        record.attempts = attempts
        try SQLiteCatalogue(root: root.root).save(record)
    }

    @Test func interruptedJobIsRunAgainWithItsAttemptCounted() throws {
        let root = try TemporaryRoot()
        let job = "20261123T101010101-0000abcd"
        try leaveClaim(root, job: job)
        try leaveRunningRecord(root, job: job, attempts: 1)

        _ = try root.runPass()
        let finished = try #require(try root.jobs().first)
        #expect(finished.jobID == job)
        #expect(finished.status == .done)
        #expect(finished.attempts == 2)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM payments") == 3)
    }

    /// A process killed while it wrote a job's report leaves its temporary
    /// files in the customer's outbox; the recovery of that job removes them
    /// (and nothing of another job).
    @Test func aKilledProcessesTemporaryReportFilesAreRemovedByTheRecovery() throws {
        let root = try TemporaryRoot()
        let job = "20261123T101010101-0000abcd"
        let other = "20261123T101010999-0000ffff"
        try leaveClaim(root, job: job)
        try leaveRunningRecord(root, job: job, attempts: 1)
        try FileManager.default.createDirectory(atPath: root.root.outbox("acme"), withIntermediateDirectories: true)
        let left = [".\(job).errors.csv.tmp-4242-1a2b3c", "..\(job).progress.tmp-4242-9f8e", ".\(job).result.json.tmp-4242-77"]
        for name in left + [".\(other).errors.csv.tmp-4243-1"] {
            try Data("half".utf8).write(to: URL(fileURLWithPath: root.root.outbox("acme") + "/" + name))
        }
        _ = try root.runPass()
        let outbox = try FileManager.default.contentsOfDirectory(atPath: root.root.outbox("acme"))
        #expect(outbox.filter { $0.hasPrefix(".") } == [".\(other).errors.csv.tmp-4243-1"], "\(outbox)")
        #expect(outbox.contains("\(job).result.json"))
    }

    @Test func claimWithNoCatalogueRowIsStillImported() throws {
        let root = try TemporaryRoot()
        let job = "20261123T101010101-0000abce"
        try leaveClaim(root, job: job)
        _ = try root.runPass()
        let finished = try #require(try root.jobs().first)
        #expect(finished.jobID == job)
        #expect(finished.status == .done)
        #expect(finished.queuedAt.rfc3339 == "2026-11-23T10:10:10.101Z")
    }

    @Test func jobInterruptedTooOftenGoesToFailed() throws {
        let root = try TemporaryRoot(maxAttempts: 3)
        let job = "20261123T101010101-0000abcf"
        try leaveClaim(root, job: job)
        try leaveRunningRecord(root, job: job, attempts: 3)
        _ = try root.runPass()
        let finished = try #require(try root.jobs().first)
        #expect(finished.status == .failed)
        #expect(finished.error?.code == "too_many_attempts")
        #expect(root.files("failed") == ["acme/\(job)__june.csv"])
        #expect(try root.result("acme", job).string("status") == "FAILED")
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 0)
    }

    @Test func fileThatChangesWhileImportedGoesBackToTheInbox() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/payments/growing.csv", PaymentsCSV.header + PaymentsCSV.valid.joined())
        let configuration = try Configuration.load(path: root.root.configuration)
        let drops = try InboxScanner(root: root.root, configuration: configuration).scan()
        let catalogue = try SQLiteCatalogue(root: root.root)
        let claims = Claims(root: root.root, configuration: configuration, drivers: .standard, logger: .silent)
        let job = try #require(try claims.claim(drops[0], workspace: "acme", type: .payments, format: .csv, catalogue: catalogue))
        let runner = try JobRunner(root: root.root, configuration: configuration, workspace: "acme",
                                   catalogue: catalogue, logger: .silent)
        runner.onProgress = { _, _, _ in
            // A writer still appending: the file grows after its rows were read.
            if let handle = FileHandle(forWritingAtPath: job.workPath) {
                handle.seekToEndOfFile()
                handle.write(Data("PAY-9,1.00,EUR,2026-01-01,N,FR7630006000011234567890189,SOGEFRPP,FR,\n".utf8))
                handle.closeFile()
            }
        }
        let outcome = try runner.run(job, startedAt: Timestamp.now())
        guard case .givenBack = outcome else {
            Testing.Issue.record("expected the job to be given back, got \(outcome)")
            return
        }
        #expect(root.files("inbox") == ["acme/payments/growing.csv"])
        #expect(root.files("work").isEmpty)
        #expect(try root.jobs().isEmpty)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 0)
        _ = try root.runPass()
        #expect(try root.jobs().first?.total == 4)
    }
}

/// Recovery of a committed job rebuilds the very same report from the document
/// and the stored entries, whatever the document's format.
@Suite struct FormatRecoveryTests {
    static let documents: [(type: ImportType, name: String, bytes: [UInt8])] = {
        let matrix = TypeFormatMatrixTests.cases
        let beneficiaries = matrix[4]
        let payments = matrix[0]
        let history = matrix[1]
        let texts: [(ImportType, String, String)] = [
            (.beneficiaries, "body.json", RecordDocuments.papayaBody(beneficiaries.records, updatePayments: true)),
            (.beneficiaries, "lines.jsonl", RecordDocuments.jsonLines(beneficiaries.records)),
            (.payments, "sepa.xml", RecordDocuments.pain001(payments.records)),
            (.paymentsHistory, "flat.xml", RecordDocuments.flatXML(history.records)),
        ]
        return texts.map { ($0.0, $0.1, Array($0.2.utf8)) } + [
            (.beneficiaries, "book.xlsx", XLSXDocuments.records(beneficiaries.records, sharedStrings: true)),
            (.payments, "libreoffice-drop.xlsx", (try? Fixture.bytes("libreoffice-drop.xlsx", in: "XLSX")) ?? []),
        ]
    }()

    @Test(arguments: 0..<6) func appliedJobIsRebuiltIdentically(_ index: Int) throws {
        let (type, name, bytes) = Self.documents[index]
        let root = try TemporaryRoot()
        try root.drop("acme/\(type.name)/\(name)", bytes)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        #expect(job.status == .done, "\(name): \(job.error?.message ?? "")")
        // A workbook's rejected rows are a CSV.
        let ext = name.hasSuffix(".xlsx") ? "csv" : String(name.split(separator: ".").last ?? "")
        let outbox = "outbox/acme/\(job.jobID)"
        let original = try root.result("acme", job.jobID)
        let originalErrors = try root.read(outbox + ".errors.csv")
        let originalRejected = try root.read(outbox + ".rejected." + ext)
        try rewindToApplied(root, job, workName: ClaimedJob.workName(job: job.jobID, type: type, name: name))

        _ = try root.runPass()
        let recovered = try #require(try root.jobs().first)
        #expect(recovered.status == .done)
        #expect(recovered.updatePayments == job.updatePayments)
        #expect(recovered.sha256 == job.sha256 && recovered.sourceBytes == job.sourceBytes)
        #expect(try root.read(outbox + ".errors.csv") == originalErrors)
        #expect(try root.read(outbox + ".rejected." + ext) == originalRejected)
        let rebuilt = try root.result("acme", job.jobID)
        let progress = try JSONSerialization.data(withJSONObject: rebuilt.array("progress"), options: .sortedKeys)
        let before = try JSONSerialization.data(withJSONObject: original.array("progress"), options: .sortedKeys)
        #expect(progress == before, "the rebuilt progress is the original, paths and lines included")
        #expect(rebuilt.int("failed") == original.int("failed") && original.int("failed") ?? 0 >= 1)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM applied_jobs") == 1)
    }
}

/// Puts a finished job back to "committed, not yet reported", as a crash right
/// after the store's commit leaves it: file claimed, catalogue APPLIED, no outbox.
func rewindToApplied(_ root: TemporaryRoot, _ job: JobRecord, workName: String) throws {
    let archived = root.path + "/archive/" + root.files("archive")[0]
    try FileManager.default.createDirectory(atPath: root.root.work("acme"), withIntermediateDirectories: true)
    try FileManager.default.moveItem(atPath: archived, toPath: root.root.work("acme") + "/" + workName)
    for file in root.files("outbox/acme") { try FileManager.default.removeItem(atPath: root.path + "/outbox/acme/" + file) }
    var applied = job
    applied.status = .applied
    applied.finishedAt = nil
    applied.updatePayments = nil
    try SQLiteCatalogue(root: root.root).save(applied)
}
