import Foundation
import Testing

@testable import IntakeKit
import IntakeTestSupport

/// Documents as people's tools make them (issue 22), dropped and run end to
/// end: a header below a title or merged group headings, formatted blank
/// rows, en-US unpadded dates, pandas' date-times at midnight, IBANs printed
/// with hyphens and dots, Excel's "Unicode Text". The fixtures are made by
/// tests/fixtures-tools/make_people_exports.py (Python's csv "excel"
/// dialect, pandas, openpyxl).
@Suite struct PeoplesExportsTests {
    /// The bytes of fixture `name` in Fixtures/Exports.
    static func fixture(_ name: String) throws -> [UInt8] {
        try Fixture.bytes(name, in: "Exports")
    }

    static func warnings(_ root: TemporaryRoot, _ job: JobRecord) throws -> [String: String] {
        var byCode: [String: String] = [:]
        for warning in try root.result("acme", job.jobID).array("document_warnings") {
            byCode[warning.string("code") ?? ""] = warning.string("description") ?? ""
        }
        return byCode
    }

    static func column(_ root: TemporaryRoot, _ column: String) throws -> [String] {
        let database = try Database(path: root.root.store("acme"))
        let statement = try database.prepare("SELECT \(column) FROM payments ORDER BY payment_id")
        var values: [String] = []
        while try statement.step() { values.append(statement.text(0) ?? "NULL") }
        return values
    }

    static var usDates: (inout Configuration) -> Void { RealExportTests.workspace(.utf8) { $0.dateFormat = .monthDayYearSlash } }

    /// Excel en-US: a title row and a blank row of bare delimiters above the
    /// header, blank rows between and after the records, `3/5/2026`. The
    /// header is found on line 3, blank rows are skipped (one warning), the
    /// impossible date fails alone with a message in the workspace's terms,
    /// and the rejected file is the real header line and the failed line, byte for byte.
    @Test func anExcelExportWithATitleBlankRowsAndUnpaddedDatesImports() throws {
        let root = try TemporaryRoot(configure: Self.usDates)
        let bytes = try Self.fixture("excel-en-us.csv")
        let job = try RealExportTests.run(root, "acme/payments/excel-en-us.csv", bytes)
        #expect(job.status == .done, "\(job.error?.message ?? "")")
        #expect(job.succeeded == 3 && job.failed == 1 && job.total == 4)
        #expect(try Self.column(root, "due_date") == ["2026-03-05", "2026-12-01", "2026-01-31"])
        let warnings = try Self.warnings(root, job)
        #expect(warnings["header_row"]?.contains("line 3") == true, "\(warnings)")
        #expect(warnings["empty_rows_skipped"]?.contains("3 rows") == true, "\(warnings)")
        #expect(warnings["empty_rows_skipped"]?.contains("line 5, line 9, line 10") == true, "\(warnings)")
        #expect(warnings["no_final_line_break"] == nil)
        let progress = try root.result("acme", job.jobID).array("progress")
        #expect(progress.map { $0.int("line") ?? 0 } == [7])
        let errors = try root.read("outbox/acme/\(job.jobID).errors.csv")
        #expect(errors.contains("date_invalid") && errors.contains("no such day") && errors.contains("MM/DD/YYYY"))
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        let rejected = try root.readBytes("outbox/acme/\(job.jobID).rejected.csv")
        #expect(rejected == Array((lines[2] + "\r\n" + lines[6] + "\r\n").utf8))
    }

    /// Empty rows never fail a row, so they never fail an `all_or_nothing` document.
    @Test func blankRowsDoNotFailAnAllOrNothingDocument() throws {
        let root = try TemporaryRoot(configure: RealExportTests.workspace(.utf8) {
            $0.dateFormat = .monthDayYearSlash
            $0.allOrNothing = true
        })
        let text = String(decoding: try Self.fixture("excel-en-us.csv"), as: UTF8.self)
            .replacingOccurrences(of: "2/30/2026", with: "2/28/2026")
        let job = try RealExportTests.run(root, "acme/payments/all.csv", Array(text.utf8))
        #expect(job.status == .done, "\(job.error?.message ?? "")")
        #expect(job.succeeded == 4 && job.failed == 0)
        #expect(try Self.warnings(root, job)["empty_rows_skipped"] != nil)
    }

    /// pandas' CSV: an all-NaN row is a bare row of delimiters; IBANs printed
    /// with hyphens, dots and in lower case are stored in electronic form.
    @Test func pandasCSVWithPrintedIBANsAndAnEmptyRowImports() throws {
        let root = try TemporaryRoot()
        let job = try RealExportTests.run(root, "acme/payments/pandas.csv", try Self.fixture("pandas-payments.csv"))
        #expect(job.status == .done, "\(job.error?.message ?? "")")
        #expect(job.succeeded == 4 && job.failed == 0)
        #expect(try Self.column(root, "beneficiary_iban") == [
            "FR1420041010050500013M02606", "DE89370400440532013000", "ES9121000418450200051332", "NO9386011117947",
        ])
        let warnings = try Self.warnings(root, job)
        #expect(warnings["empty_rows_skipped"]?.contains("line 4") == true, "\(warnings)")
        #expect(warnings["header_row"] == nil)
    }

    /// pandas' `to_json(orient="records", date_format="iso")`: dates are
    /// `2026-03-04T00:00:00.000`, read as the date in a DD/MM/YYYY workspace
    /// too; the object of nulls is skipped with one warning naming it.
    @Test func pandasJSONDateTimesAtMidnightAreDates() throws {
        let root = try TemporaryRoot(configure: RealExportTests.workspace(.utf8) { $0.dateFormat = .dayMonthYearSlash })
        let job = try RealExportTests.run(root, "acme/payments/pandas.json", try Self.fixture("pandas-payments.json"))
        #expect(job.status == .done, "\(job.error?.message ?? "")")
        #expect(job.succeeded == 4 && job.failed == 0)
        #expect(try Self.column(root, "due_date") == ["2026-03-05", "2026-12-01", "2026-01-31", "2026-11-09"])
        #expect(try Self.warnings(root, job)["empty_rows_skipped"]?.contains("$[2]") == true)
    }

    /// A date-time that is not midnight is refused, saying what is accepted.
    @Test func aTimeOfDayIsRefusedWithWhatTheWorkspaceAccepts() throws {
        let root = try TemporaryRoot(configure: Self.usDates)
        let json = """
            [{"payment_id":"P-1","amount":"1.00","currency":"EUR","due_date":"2026-03-04T14:30:00.000Z","beneficiary_name":"A",
              "beneficiary_iban":"FR1420041010050500013M02606","beneficiary_country":"FR"},
             {"payment_id":"P-2","amount":"1.00","currency":"EUR","due_date":"2026-03-04T00:00:00Z","beneficiary_name":"A",
              "beneficiary_iban":"FR1420041010050500013M02606","beneficiary_country":"FR"}]
            """
        let job = try RealExportTests.run(root, "acme/payments/times.json", Array(json.utf8))
        #expect(job.succeeded == 1 && job.failed == 1)
        let errors = try root.read("outbox/acme/\(job.jobID).errors.csv")
        #expect(errors.contains("14:30:00.000Z") && errors.contains("not midnight"))
        #expect(errors.contains("MM/DD/YYYY") && errors.contains("3/5/2026"))
    }

    /// Excel's "Unicode Text" ends with CRLF in UTF-16LE: no warning that its
    /// last line may have been cut off; cut off, it gets one.
    @Test func unicodeTextEndingWithALineBreakGetsNoCutOffWarning() throws {
        let bytes = try Self.fixture("unicode-text.txt")
        #expect(Array(bytes.prefix(2)) == [0xFF, 0xFE] && Array(bytes.suffix(4)) == [0x0D, 0x00, 0x0A, 0x00])
        let root = try TemporaryRoot()
        let job = try RealExportTests.run(root, "acme/payments/unicode.txt", bytes)
        #expect(job.status == .done, "\(job.error?.message ?? "")")
        #expect(job.succeeded == 4)
        let warnings = try Self.warnings(root, job)
        #expect(warnings["no_final_line_break"] == nil, "\(warnings)")
        #expect(warnings["empty_rows_skipped"] != nil)
        let cut = try RealExportTests.run(root, "acme/payments/cut.txt", Array(bytes.dropLast(4)))
        #expect(try Self.warnings(root, cut)["no_final_line_break"] != nil)
    }

    /// Every format skips its empty records: a JSON Lines `{}` line, a flat
    /// XML `<record/>` and a record of empty elements.
    @Test func emptyRecordsAreSkippedInJSONLinesAndXML() throws {
        let fields = "\"amount\":\"1.00\",\"currency\":\"EUR\",\"due_date\":\"2026-06-01\",\"beneficiary_name\":\"A\","
            + "\"beneficiary_iban\":\"FR1420041010050500013M02606\",\"beneficiary_country\":\"FR\""
        let lines = "{\"payment_id\":\"P-1\",\(fields)}\n{}\n{\"payment_id\":null,\"amount\":\"  \"}\n{\"payment_id\":\"P-2\",\(fields)}\n"
        let root = try TemporaryRoot()
        let jsonl = try RealExportTests.run(root, "acme/payments/lines.jsonl", Array(lines.utf8))
        #expect(jsonl.status == .done && jsonl.succeeded == 2 && jsonl.failed == 0, "\(jsonl.error?.message ?? "")")
        #expect(try Self.warnings(root, jsonl)["empty_rows_skipped"]?.contains("line 2, line 3") == true)
        let record = "<record><payment_id>P-3</payment_id><amount>1.00</amount><currency>EUR</currency><due_date>2026-06-01</due_date>"
            + "<beneficiary_name>A</beneficiary_name><beneficiary_iban>FR1420041010050500013M02606</beneficiary_iban>"
            + "<beneficiary_country>FR</beneficiary_country></record>"
        let xml = "<?xml version=\"1.0\"?>\n<records>\(record)<record/><record><payment_id></payment_id><amount/></record></records>\n"
        let flat = try RealExportTests.run(root, "acme/payments/flat.xml", Array(xml.utf8))
        #expect(flat.status == .done && flat.succeeded == 1 && flat.failed == 0, "\(flat.error?.message ?? "")")
        #expect(try Self.warnings(root, flat)["empty_rows_skipped"]?.contains("2 rows") == true)
    }
}
