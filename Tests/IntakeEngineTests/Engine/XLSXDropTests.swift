import Foundation
import Testing

@testable import IntakeKit
import IntakeTestSupport

/// `.xlsx` drops end to end through the engine: the same records as the CSV
/// they were made from, cells in the errors CSV, a rejected CSV that imports
/// again, the sheet chosen, hostile workbooks failed.
@Suite struct XLSXDropTests {
    /// `tests/fixtures-tools/libreoffice-drop.csv`, the CSV LibreOffice converted into `libreoffice-drop.xlsx`.
    static func sourceCSV() throws -> [UInt8] {
        let repo = Repository.root
        return [UInt8](try Data(contentsOf: repo.appendingPathComponent("tests/fixtures-tools/libreoffice-drop.csv")))
    }

    /// Drops `bytes` as `name` into a fresh root, runs one pass, returns the root and its first job.
    static func run(_ name: String, _ bytes: [UInt8]) throws -> (TemporaryRoot, JobRecord) {
        let root = try TemporaryRoot()
        try root.drop(name, bytes)
        _ = try root.runPass()
        return (root, try #require(try root.jobs().first))
    }

    /// Every entry with its line, for comparing a workbook with its CSV.
    static func entries(_ root: TemporaryRoot) throws -> [[String]] {
        let database = try Database(path: root.root.store("acme"))
        let statement = try database.prepare("SELECT row, line, record_id, status, issues FROM entries ORDER BY id")
        var rows: [[String]] = []
        while try statement.step() { rows.append((0..<5).map { statement.text(Int32($0)) ?? "NULL" }) }
        return rows
    }

    @Test func libreOfficeWorkbookStoresWhatItsCSVStores() throws {
        let workbook = try XLSXTestKit.fixture("libreoffice-drop.xlsx")
        let (bookRoot, book) = try Self.run("acme__payments__drop.xlsx", workbook)
        let (csvRoot, csv) = try Self.run("acme__payments__drop.csv", try Self.sourceCSV())
        #expect(book.status == .done, "\(book.error?.message ?? "")")
        #expect(book.sourceFormat == "xlsx")
        #expect(book.total == 8 && book.failed == 4 && book.succeeded == 4)
        #expect(book.sha256 == SHA256.hash(workbook) && book.sourceBytes == Int64(workbook.count))
        #expect(try TypeFormatMatrixTests.stored(bookRoot, .payments) == TypeFormatMatrixTests.stored(csvRoot, .payments))
        #expect(try Self.entries(bookRoot) == Self.entries(csvRoot), "worksheet rows are the CSV's lines here")
        #expect(csv.failed == 4)
        // Dates and 15-digit numbers come out canonical: an ISO date, every digit.
        let database = try Database(path: bookRoot.root.store("acme"))
        let rows = try database.prepare("SELECT due_date, reference, amount_minor FROM payments WHERE payment_id = 'PAY-0102'")
        #expect(try rows.step())
        #expect(rows.text(0) == "2026-03-16" && rows.text(1) == "123456789012345" && rows.text(2) == "1999")
        // The errors CSV: `line` is the worksheet row, `path` the failed field's cell.
        let lines = try bookRoot.read("outbox/acme/\(book.jobID).errors.csv").split(separator: "\n").dropFirst()
        let placed = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(5).joined(separator: ",") }
        #expect(placed == [
            "3,5,F5,PAY-0104,beneficiary_iban", "4,6,C6,PAY-0105,currency", "5,7,D7,PAY-0106,due_date",
            "6,8,E8,PAY-0107,beneficiary_name",
        ])
        let result = try bookRoot.result("acme", book.jobID)
        #expect(result.array("progress").map { $0.int("line") ?? 0 } == [5, 6, 7, 8])
        #expect(result.dictionary("source")?.string("format") == "xlsx")
    }

    @Test func rejectedCSVImportsAgainAsExactlyTheFailedRows() throws {
        let (root, book) = try Self.run("acme__payments__drop.xlsx", try XLSXTestKit.fixture("libreoffice-drop.xlsx"))
        let rejected = try root.readBytes("outbox/acme/\(book.jobID).rejected.csv")
        #expect(Array(rejected.prefix(3)) == [0xEF, 0xBB, 0xBF], "UTF-8 with a BOM")
        let text = String(decoding: rejected.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix(
            "payment_id,amount,currency,due_date,beneficiary_name,beneficiary_iban,beneficiary_bic,beneficiary_country,reference\r\n"))
        #expect(text.contains("PAY-0104,980.25,EUR,2026-04-01,Café de Flore SARL,FR7630006000011234567890180,SOGEFRPP,FR,bad IBAN check digits\r\n"))
        #expect(text.split(separator: "\r\n").count == 5)
        let (again, retried) = try Self.run("acme__payments__fixed.csv", rejected)
        #expect(retried.status == .done && retried.total == 4 && retried.failed == 4)
        let codes = try Self.entries(again).map { $0[4] }
        let originalCodes = try Self.entries(root).filter { $0[3] == "FAILED" }.map { $0[4] }
        #expect(codes == originalCodes, "the same rows fail for the same reasons")
    }

    @Test func quotedValuesSurviveTheRejectedCSV() throws {
        let records: [TestFields] = [TypeFormatMatrixTests.cases[0].fields(TypeFormatMatrixTests.with(
            TypeFormatMatrixTests.payment,
            ["beneficiary_name": "Acme \"Holding\", PLC", "reference": "two\nlines", "currency": "EUX"]))]
        let (root, book) = try Self.run("acme__payments__q.xlsx", XLSXDocuments.records(records))
        #expect(book.failed == 1)
        let rejected = try root.readBytes("outbox/acme/\(book.jobID).rejected.csv")
        #expect(String(decoding: rejected, as: UTF8.self).contains(",\"Acme \"\"Holding\"\", PLC\","))
        let (again, retried) = try Self.run("acme__payments__q.csv", rejected)
        #expect(retried.total == 1 && retried.failed == 1)
        #expect(try Self.entries(again).first?[4].contains("currency_unknown") == true)
    }

    static let header: [XLSXDocuments.Cell?] = ["payment_id", "amount", "currency", "due_date", "beneficiary_name",
                                                "beneficiary_iban", "beneficiary_bic", "beneficiary_country"].map { .text($0) }
    static func payment(_ id: String, amount: XLSXDocuments.Cell = .number("19.989999999999998"),
                        due: XLSXDocuments.Cell = .date(46081)) -> [XLSXDocuments.Cell?] {
        [.text(id), amount, .text("EUR"), due, .text("Müller GmbH"), .text("DE89370400440532013000"),
         .text("COBADEFFXXX"), .text("DE")]
    }

    @Test func theSheetNamedLikeTheTypeIsReadAndHiddenSheetsAreSkipped() throws {
        let sheets = [
            XLSXDocuments.Sheet(name: "payments", hidden: true, rows: [Self.header, Self.payment("HIDDEN-1")]),
            XLSXDocuments.Sheet(name: "Summary", rows: [[.text("total"), .number("3")]]),
            XLSXDocuments.Sheet(name: "Payments", rows: [Self.header, Self.payment("P-1"), Self.payment("P-2")], firstRow: 4),
        ]
        let (root, job) = try Self.run("acme__payments__book.xlsx", XLSXDocuments.workbook(sheets, sharedStrings: true))
        #expect(job.status == .done && job.total == 2 && job.failed == 0, "\(job.error?.message ?? "")")
        #expect(try root.storeCount("acme", "SELECT count(*) FROM payments WHERE payment_id LIKE 'P-%'") == 2)
        #expect(try Self.entries(root).map { $0[1] } == ["5", "6"], "lines are worksheet rows")
        let database = try Database(path: root.root.store("acme"))
        let row = try database.prepare("SELECT amount_minor, due_date FROM payments WHERE payment_id = 'P-1'")
        #expect(try row.step())
        #expect(row.text(0) == "1999" && row.text(1) == "2026-02-28", "19.989999999999998 is 19.99, serial 46081 a date")
        // Without a sheet named like the type: the first visible one, the hidden one skipped.
        let other = [
            XLSXDocuments.Sheet(name: "Notes", hidden: true, rows: [[.text("secret")]]),
            XLSXDocuments.Sheet(name: "Export", rows: [Self.header, Self.payment("E-1")]),
        ]
        let (_, second) = try Self.run("acme__payments__export.xlsx", XLSXDocuments.workbook(other))
        #expect(second.status == .done && second.total == 1)
    }

    @Test func cellsOutsideTheHeaderAreWarnedAndAHeaderAloneHasNoRecords() throws {
        var row = Self.payment("P-1")
        row.append(nil)
        row.append(.text("note"))
        let (root, job) = try Self.run("acme__payments__w.xlsx", XLSXDocuments.workbook([.init(name: "S", rows: [Self.header, row])]))
        #expect(job.status == .done && job.failed == 0 && job.warnings == 1)
        let warning = try root.result("acme", job.jobID).array("progress").first?.dictionary("error")?
            .dictionary("error_info")?.array("warnings").first
        #expect(warning?.string("code") == "unheaded_cell")
        #expect(warning?.string("description")?.contains("J2") == true)
        let (_, empty) = try Self.run("acme__payments__e.xlsx", XLSXDocuments.workbook([.init(name: "S", rows: [Self.header])]))
        #expect(empty.status == .failed && empty.error?.code == "no_records")
        let (_, blank) = try Self.run("acme__payments__b.xlsx", XLSXDocuments.workbook([.init(name: "S", rows: [])]))
        #expect(blank.status == .failed && blank.error?.code == "empty")
        let (_, missing) = try Self.run("acme__payments__m.xlsx", try XLSXTestKit.fixture("libreoffice-payments.xlsx"))
        #expect(missing.status == .failed && missing.error?.code == "missing_column" && missing.error?.line == 1)
    }

    /// In a workspace writing amounts `12.500,00`, a number cell 1.234 is one
    /// point two three four (three decimals: refused for EUR), never 1234; 1234.5
    /// is stored as 123450 minor units; the rejected CSV imports again there.
    @Test func numberCellsFollowTheWorkspacesDecimalComma() throws {
        let root = try TemporaryRoot { configuration in
            var settings = InputSettings()
            settings.decimalComma = true
            settings.thousandsSeparator = .dot
            settings.columnAliases = ["montant": "amount"]
            configuration.workspaces["acme"]?.inputs[.payments] = settings
        }
        var header = Self.header
        header[1] = .text("Montant")
        let sheet = XLSXDocuments.Sheet(name: "S", rows: [
            header, Self.payment("P-1", amount: .number("1.234")), Self.payment("P-2", amount: .number("1234.5")),
            Self.payment("P-3", amount: .text("12.500,00")),
        ])
        try root.drop("acme__payments__fr.xlsx", XLSXDocuments.workbook([sheet]))
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        #expect(job.status == .done && job.total == 3 && job.failed == 1, "\(job.error?.message ?? "")")
        let database = try Database(path: root.root.store("acme"))
        let rows = try database.prepare("SELECT payment_id, amount_minor FROM payments ORDER BY 1")
        var stored: [String] = []
        while try rows.step() { stored.append("\(rows.text(0) ?? "")=\(rows.text(1) ?? "")") }
        #expect(stored == ["P-2=123450", "P-3=1250000"])
        let rejected = try root.read("outbox/acme/\(job.jobID).rejected.csv")
        #expect(rejected.contains("P-1,\"1,234\",EUR,2026-02-28,"), "\(rejected)")
        try root.drop("acme__payments__again.csv", try root.readBytes("outbox/acme/\(job.jobID).rejected.csv"))
        _ = try root.runPass()
        let again = try #require(try root.jobs().first { $0.sourceName.hasSuffix("again.csv") })
        #expect(again.total == 1 && again.failed == 1)
        #expect(try Self.entries(root).last?[4].contains("\"value\":\"1,234\"") == true)
    }

    @Test func theSameWorkbookTwiceIsADuplicate() throws {
        let root = try TemporaryRoot()
        let bytes = try XLSXTestKit.fixture("libreoffice-drop.xlsx")
        try root.drop("acme__payments__one.xlsx", bytes)
        _ = try root.runPass()
        try root.drop("acme__payments__two.xlsx", bytes)
        _ = try root.runPass()
        #expect(try root.jobs().map(\.status).sorted { $0.rawValue < $1.rawValue } == [.done, .duplicate])
    }
}
