import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// Reports people act on: a spreadsheet-safe errors file, a page that says
/// what to do, templates of a type.
@Suite struct ActionableReportTests {
    @Test func errorsFileHasABOMAndAPathColumnForJSONRecords() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/payments/june.json", """
            [{"payment_id": "P-1", "amount": "10.00", "currency": "EUR", "due_date": "2026-06-01", "beneficiary_name": "Zoé Éclair",
              "beneficiary_iban": "FR7730006000011234567890189", "beneficiary_bic": "SOGEFRPP", "beneficiary_country": "FR"}]
            """)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        let bytes = try root.readBytes("outbox/acme/\(job.jobID).errors.csv")
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let lines = String(decoding: bytes.dropFirst(3), as: UTF8.self).split(separator: "\n")
        #expect(lines.first == "row,line,path,id,field,code,message,value")
        let cells = try #require(lines.dropFirst().first).split(separator: ",", omittingEmptySubsequences: false)
        #expect(cells[2] == "$[0]")
        #expect(cells[3] == "P-1")
        #expect(cells[5] == "iban_checksum")
    }

    @Test func reportShowsTheShortTypeUTCTimesAndWhatToDo() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        let html = try root.read("outbox/acme/\(job.jobID).report.html")
        #expect(html.contains("<dt>Type</dt><dd>payments <span"))
        #expect(html.contains("<dt>Queued (UTC)</dt>"))
        #expect(html.contains(" UTC</dd>"))
        #expect(html.contains("What to do"))
        #expect(html.contains("\(job.jobID).rejected.csv"))
        #expect(html.contains("only the failed rows"))
        #expect(html.contains("inbox/acme/payments/"))
        #expect(html.contains("<thead><tr><th>Line</th>"))
    }

    @Test func typesShowsOneTypeAndItsTemplates() throws {
        let one = try IntakeBinary.run(["types", "beneficiaries"])
        #expect(one.status == 0)
        #expect(one.stdout.hasPrefix("beneficiaries  (papaya/beneficiaries_import"))
        #expect(!one.stdout.contains("payments_history"))
        let csv = try IntakeBinary.run(["types", "payments", "--template"])
        #expect(csv.status == 0)
        #expect(csv.stdout == ImportType.payments.schema.fields.map(\.name).joined(separator: ",") + "\n")
        let json = try IntakeBinary.run(["types", "beneficiaries", "--template", "--format", "json"])
        #expect(json.status == 0)
        let skeleton = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(skeleton["id"] as? String == "")
        #expect((skeleton["bank_details"] as? [String: Any])?.isEmpty == false)
        #expect(try IntakeBinary.run(["types", "payments", "--template", "--format", "xls"]).status == 64)
    }
}
