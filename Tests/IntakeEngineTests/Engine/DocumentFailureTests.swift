import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// Documents that cannot be imported end FAILED, store nothing and go to failed/.
@Suite struct DocumentFailureTests {
    /// Drops `bytes`, runs once, and returns the one job.
    func runOne(_ bytes: [UInt8], name: String = "acme/payments/bad.csv") throws -> (TemporaryRoot, JobRecord) {
        let root = try TemporaryRoot()
        try root.drop(name, bytes)
        _ = try root.runPass()
        let jobs = try root.jobs()
        try #require(jobs.count == 1)
        return (root, jobs[0])
    }

    func expectFailed(_ root: TemporaryRoot, _ job: JobRecord, code: String, line: Int?) throws {
        #expect(job.status == .failed)
        #expect(job.error?.code == code)
        #expect(job.error?.line == line)
        let result = try root.result("acme", job.jobID)
        #expect(result.string("status") == "FAILED")
        #expect(result.dictionary("error")?.string("code") == code)
        #expect(result.array("progress").isEmpty)
        #expect(root.files("failed") == ["acme/\(job.jobID)__\(job.sourceName)"])
        #expect(root.files("archive").isEmpty)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 0)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM payments") == 0)
        let errors = try root.read("outbox/acme/\(job.jobID).errors.csv")
        #expect(errors.contains(code))
    }

    @Test func invalidUTF8FailsNamingTheLine() throws {
        var bytes = Array((PaymentsCSV.header + PaymentsCSV.valid.joined()).utf8)
        bytes += Array("PAY-9,1.00,EUR,2026-01-01,".utf8) + [0xC3, 0x28] + Array(",FR7630006000011234567890189,SOGEFRPP,FR,\n".utf8)
        let (root, job) = try runOne(bytes)
        try expectFailed(root, job, code: "invalid_encoding", line: 5)
    }

    @Test func unterminatedQuoteFailsAtItsStartLine() throws {
        let text = PaymentsCSV.header + PaymentsCSV.valid[0] + "PAY-9,1.00,EUR,2026-01-01,\"Open quote,FR76,X,FR,\n" + PaymentsCSV.valid[0]
        let (root, job) = try runOne(Array(text.utf8))
        try expectFailed(root, job, code: "csv_unterminated_quote", line: 3)
    }

    @Test func missingRequiredColumnFailsTheDocument() throws {
        let text = "payment_id,amount,currency,due_date,beneficiary_name,beneficiary_bic,beneficiary_country\nP,1.00,EUR,2026-01-01,N,SOGEFRPP,FR\n"
        let (root, job) = try runOne(Array(text.utf8))
        try expectFailed(root, job, code: "missing_column", line: 1)
        #expect(job.error?.message.contains("beneficiary_iban") == true)
    }

    @Test func emptyFileFails() throws {
        let (root, job) = try runOne([])
        try expectFailed(root, job, code: "empty", line: nil)
    }

    @Test func headerOnlyFails() throws {
        let (root, job) = try runOne(Array(PaymentsCSV.header.utf8))
        try expectFailed(root, job, code: "no_records", line: 2)
    }

    @Test func fileOverTheSizeLimitFailsUnread() throws {
        let root = try TemporaryRoot()
        var configuration = try Configuration.load(path: root.root.configuration)
        configuration.maxFileBytes = 100
        try configuration.json().write(toFile: root.root.configuration, atomically: true, encoding: .utf8)
        try root.drop("acme/payments/big.csv", PaymentsCSV.mixed)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        try expectFailed(root, job, code: "file_too_large", line: nil)
        #expect(job.error?.errorCode == 413)
    }
}

/// Drops refused by their name are never read and never create anything under a
/// workspace that is not configured.
@Suite struct RefusalTests {
    @Test func unknownWorkspaceGoesToUnrouted() throws {
        let root = try TemporaryRoot()
        try root.drop("initech__payments__q3.csv", PaymentsCSV.mixed)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        #expect(job.status == .rejected)
        #expect(job.workspace == "_unrouted")
        #expect(job.error?.code == "unknown_workspace")
        #expect(job.error?.errorCode == 404)
        #expect(root.files("failed") == ["_unrouted/\(job.jobID)__initech__payments__q3.csv"])
        #expect(try root.result("_unrouted", job.jobID).string("status") == "REJECTED")
        #expect(!FileManager.default.fileExists(atPath: root.path + "/outbox/initech"))
        #expect(!FileManager.default.fileExists(atPath: root.root.store("initech")))
    }

    @Test func misnamedFileIsExplained() throws {
        let root = try TemporaryRoot()
        try root.drop("june-payments.csv", PaymentsCSV.mixed)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        #expect(job.status == .rejected)
        #expect(job.error?.code == "misnamed")
        #expect(job.error?.message.contains("WORKSPACE__TYPE__NAME") == true)
    }

    @Test func missingPermissionIsRejectedWith403() throws {
        let root = try TemporaryRoot(workspaces: ["acme": ["paid_payments_write"]])
        try root.drop("acme/payments/a.csv", PaymentsCSV.mixed)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        #expect(job.status == .rejected)
        #expect(job.workspace == "acme")
        #expect(job.error?.errorCode == 403)
        #expect(try root.result("acme", job.jobID).dictionary("error")?.int("error_code") == 403)
        #expect(root.files("failed") == ["acme/\(job.jobID)__a.csv"])
    }

    @Test func symbolicLinkIsNeverRead() throws {
        let root = try TemporaryRoot()
        let secret = root.path + "/secret.csv"
        try (PaymentsCSV.header + "SECRET-ID,1.00,EUR,2026-01-01,N,FR7630006000011234567890189,SOGEFRPP,FR,\n")
            .write(toFile: secret, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: root.root.inbox + "/acme/payments", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root.root.inbox + "/acme/payments/link.csv", withDestinationPath: secret)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        #expect(job.status == .rejected)
        #expect(job.error?.code == "not_a_regular_file")
        for file in root.files("outbox") {
            #expect(!(try root.read("outbox/" + file)).contains("SECRET-ID"))
        }
        #expect(try String(contentsOfFile: secret, encoding: .utf8).contains("SECRET-ID"))
    }

    @Test func fileInAnotherWorkspacesFolderCannotClaimItByName() throws {
        let root = try TemporaryRoot(workspaces: ["acme": Set(ImportType.allPermissions), "globex": Set(ImportType.allPermissions)])
        try root.drop("acme/globex__payments__x.csv", PaymentsCSV.mixed)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        #expect(job.status == .rejected)
        #expect(job.workspace == "acme")
        #expect(!FileManager.default.fileExists(atPath: root.root.store("globex")))
    }
}

/// Hostile and broken JSON and XML documents.
extension DocumentFailureTests {
    static var pain001: String { RecordDocuments.pain001(TypeFormatMatrixTests.cases[0].records) }

    @Test func xmlWithADoctypeIsRefusedWithoutReadingTheEntity() throws {
        let text = Self.pain001.replacingOccurrences(
            of: "<Document", with: "<!DOCTYPE Document [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<Document")
            .replacingOccurrences(of: "Müller", with: "&x;")
        let (root, job) = try runOne(Array(text.utf8), name: "acme/payments/xxe.xml")
        try expectFailed(root, job, code: "xml_dtd_refused", line: 2)
        for file in root.files("outbox/acme") {
            #expect(try !root.read("outbox/acme/" + file).contains("root:"), "nothing of /etc/passwd in \(file)")
        }
    }

    @Test func truncatedPain001StoresNoPayment() throws {
        let text = Self.pain001
        let cut = String(text.prefix(text.range(of: "</CdtTrfTxInf>")?.upperBound.utf16Offset(in: text) ?? 0))
        let (root, job) = try runOne(Array(cut.utf8), name: "acme/payments/cut.xml")
        #expect(job.status == .failed)
        #expect(job.error?.code == "xml_truncated")
        #expect(try root.storeCount("acme", "SELECT count(*) FROM payments") == 0)
    }

    @Test func pain001WhoseCountsDisagreeFailsAsADocument() throws {
        let text = Self.pain001.replacingOccurrences(of: "<NbOfTxs>2</NbOfTxs>\n      <CtrlSum>", with: "<NbOfTxs>3</NbOfTxs>\n      <CtrlSum>")
        #expect(text != Self.pain001)
        let (root, job) = try runOne(Array(text.utf8), name: "acme/payments/count.xml")
        #expect(job.status == .failed)
        #expect(job.error?.code == "xml_count_mismatch")
        #expect(try root.storeCount("acme", "SELECT count(*) FROM payments") == 0)
        let sum = Self.pain001.replacingOccurrences(of: "<CtrlSum>3000.00</CtrlSum>", with: "<CtrlSum>3000.01</CtrlSum>")
        #expect(sum != Self.pain001)
        let (_, sumJob) = try runOne(Array(sum.utf8), name: "acme/payments/sum.xml")
        #expect(sumJob.error?.code == "xml_sum_mismatch")
    }

    @Test func truncatedOrMisshapenJSONFailsAsADocument() throws {
        let text = RecordDocuments.jsonArray(TypeFormatMatrixTests.cases[0].records)
        let (root, job) = try runOne(Array(text.dropLast(4).utf8), name: "acme/payments/cut.json")
        #expect(job.status == .failed)
        #expect(job.error?.code == "json_truncated")
        #expect(try root.storeCount("acme", "SELECT count(*) FROM payments") == 0)
        let (_, shape) = try runOne(Array(#"{"payments": []}"#.utf8), name: "acme/payments/shape.json")
        #expect(shape.error?.code == "json_shape")
        let deep = String(repeating: "[", count: 100_000)
        let (_, tooDeep) = try runOne(Array(deep.utf8), name: "acme/payments/deep.json")
        #expect(tooDeep.error?.code == "json_too_deep")
    }
}
