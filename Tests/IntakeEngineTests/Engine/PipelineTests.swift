import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// The whole job life cycle on real files in a temporary root, run in process.
@Suite struct PipelineTests {
    @Test func mixedDropIsImportedReportedAndArchived() throws {
        let root = try TemporaryRoot()
        try root.drop("acme__payments__june.csv", PaymentsCSV.mixed)
        let summary = try root.runPass()
        #expect(summary.faults.isEmpty)
        let jobs = try root.jobs()
        try #require(jobs.count == 1)
        let job = jobs[0]
        #expect(job.status == .done)
        #expect(job.total == 12)
        #expect(job.succeeded == 3)
        #expect(job.failed == 9)
        #expect(job.attempts == 1)
        #expect(job.sourceName == "acme__payments__june.csv")

        // result.json: per-code failures, positions, Papaya's error shape.
        let result = try root.result("acme", job.jobID)
        #expect(result.string("status") == "DONE")
        #expect(result.string("type") == "trustpair/payments_import")
        #expect(result.int("failed") == 9)
        let progress = result.array("progress")
        #expect(progress.count == 9)
        let codes = progress.compactMap { item -> String? in
            let info = item.dictionary("error")?.dictionary("error_info")
            return info?.array("errors").first?.string("code")
        }
        #expect(codes == PaymentsCSV.invalid.map(\.code))
        let first = try #require(progress.first)
        #expect(first.int("row") == 3)
        #expect(first.int("line") == 5)
        #expect(first.string("id") == "BAD-1")
        #expect(first.dictionary("error")?.int("error_code") == 422)
        let properties = first.dictionary("error")?.dictionary("error_info")?.array("errors").first?["properties"] as? [String]
        #expect(properties == ["$.beneficiary_iban"])

        // errors.csv: one line per error, formula-guarded cells.
        let errors = try root.read("outbox/acme/\(job.jobID).errors.csv").split(separator: "\n")
        // A UTF-8 BOM first (Excel reads the accents right), then the header.
        #expect(try root.readBytes("outbox/acme/\(job.jobID).errors.csv").starts(with: [0xEF, 0xBB, 0xBF] + Array("row,line,path,id,".utf8)))
        #expect(errors.first == "row,line,path,id,field,code,message,value")
        #expect(errors.count == 10)
        #expect(errors.contains { $0.contains("amount_not_positive") && $0.hasSuffix(",'-10.00") })

        // rejected.csv: the header and the failed rows, byte for byte.
        let rejected = try root.read("outbox/acme/\(job.jobID).rejected.csv")
        #expect(rejected == PaymentsCSV.header + PaymentsCSV.invalid.map(\.row).joined())

        // Store: valid records and one entry per row, applied once.
        #expect(try root.storeCount("acme", "SELECT count(*) FROM payments") == 3)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 12)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries WHERE status = 'FAILED'") == 9)
        #expect(try root.storeCount("acme", "SELECT amount_minor FROM payments WHERE payment_id = 'PAY-2'") == 250_050)
        #expect(try root.storeCount("acme", "SELECT amount_minor FROM payments WHERE payment_id = 'PAY-3'") == 15_000)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM applied_jobs WHERE job_id = '\(job.jobID)'") == 1)

        // Archive and inbox.
        #expect(root.files("inbox").isEmpty)
        #expect(root.files("work").isEmpty)
        let archived = root.files("archive")
        #expect(archived == ["acme/\(job.queuedAt.day)/\(job.jobID)__acme__payments__june.csv"])
        #expect(try root.read("archive/" + archived[0]) == PaymentsCSV.mixed)
    }

    @Test func secondRunDoesNothingNew() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/payments/a.csv", PaymentsCSV.header + PaymentsCSV.valid.joined())
        _ = try root.runPass()
        let before = try root.jobs()
        let second = try root.runPass()
        #expect(second.finished.isEmpty)
        #expect(try root.jobs() == before)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 3)
    }

    @Test func identicalContentEndsDuplicate() throws {
        let root = try TemporaryRoot()
        let content = PaymentsCSV.header + PaymentsCSV.valid.joined()
        try root.drop("acme/payments/a.csv", content)
        _ = try root.runPass()
        try root.drop("acme__payments__again.csv", content)
        _ = try root.runPass()
        let jobs = try root.jobs()
        try #require(jobs.count == 2)
        #expect(jobs[0].status == .done)
        #expect(jobs[1].status == .duplicate)
        #expect(jobs[1].error?.code == "duplicate_content")
        #expect(jobs[1].error?.message.contains(jobs[0].jobID) == true)
        #expect(jobs[1].sha256 == jobs[0].sha256)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 3)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM applied_jobs") == 1)
        #expect(root.files("archive").count == 2)
        #expect(try root.result("acme", jobs[1].jobID).string("status") == "DUPLICATE")
    }

    @Test func fixedRejectedRowsImportWhenDroppedAgain() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/payments/a.csv", PaymentsCSV.header + PaymentsCSV.valid.joined()
            + "BAD-1,10.00,EUR,2026-06-01,A,FR7730006000011234567890189,SOGEFRPP,FR,x\n")
        _ = try root.runPass()
        let first = try #require(try root.jobs().first)
        let rejected = try root.read("outbox/acme/\(first.jobID).rejected.csv")
        try root.drop("acme/payments/fixed.csv", rejected.replacingOccurrences(of: "FR7730006", with: "FR7630006"))
        _ = try root.runPass()
        let second = try #require(try root.jobs().last)
        #expect(second.status == .done)
        #expect(second.total == 1)
        #expect(second.failed == 0)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM payments") == 4)
    }

    @Test func semicolonCRLFAndBOMWithSpacedHeadersImport() throws {
        let root = try TemporaryRoot()
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        bytes += Array(("Payment ID;Amount;Currency;Due Date;Beneficiary Name;Beneficiary IBAN;Beneficiary BIC;"
            + "Beneficiary Country;Reference;Cost Center\r\n"
            + "P-1;10.00;EUR;2026-01-02;\"Dupont; Jean\";FR7630006000011234567890189;SOGEFRPP;FR;r;CC\r\n"
            + "P-2;0.00;EUR;2026-01-02;X;FR7630006000011234567890189;SOGEFRPP;FR;r;CC\r\n").utf8)
        try root.drop("acme/payments/b.csv", bytes)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        #expect(job.status == .done)
        #expect(job.succeeded == 1)
        #expect(job.failed == 1)
        #expect(job.warnings == 1)
        let result = try root.result("acme", job.jobID)
        let warnings = result.array("document_warnings")
        #expect(warnings.first?.string("code") == "unknown_column")
        let rejected = try root.readBytes("outbox/acme/\(job.jobID).rejected.csv")
        let expected = [0xEF, 0xBB, 0xBF] + Array(("Payment ID;Amount;Currency;Due Date;Beneficiary Name;Beneficiary IBAN;"
            + "Beneficiary BIC;Beneficiary Country;Reference;Cost Center\r\n"
            + "P-2;0.00;EUR;2026-01-02;X;FR7630006000011234567890189;SOGEFRPP;FR;r;CC\r\n").utf8)
        #expect(rejected == expected)
    }

    @Test func lastRowWithoutNewlineGetsOneInTheRejectedFile() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/payments/c.csv", PaymentsCSV.header
            + "BAD-1,10.00,EUX,2026-06-01,A,FR7630006000011234567890189,SOGEFRPP,FR,x\n"
            + "BAD-2,10.00,EUX,2026-06-01,A,FR7630006000011234567890189,SOGEFRPP,FR,x")
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        let rejected = try root.read("outbox/acme/\(job.jobID).rejected.csv")
        #expect(rejected.hasSuffix(",x\n"))
        #expect(rejected.split(separator: "\n").count == 3)
    }
}
