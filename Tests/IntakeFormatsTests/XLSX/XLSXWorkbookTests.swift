import Testing

@testable import IntakeCore
@testable import IntakeFormats
@testable import IntakeKit
import IntakeTestSupport

/// Workbooks written by openpyxl, LibreOffice and by hand, read as rows.
@Suite struct XLSXWorkbookTests {
    @Test func openpyxlWorkbookSkipsTheHiddenSheetAndReadsEveryCellForm() throws {
        let workbook = try XLSXTestKit.open(try XLSXTestKit.fixture("openpyxl-1900.xlsx"))
        #expect(workbook.sheets.map(\.name) == ["Notes", "Data", "Payments"])
        #expect(workbook.sheets[0].visibility == .hidden)
        #expect(workbook.dateSystem == .from1900)
        #expect(workbook.firstVisibleSheet?.name == "Data")
        let rows = try XLSXTestKit.rows(workbook, workbook.firstVisibleSheet)
        #expect(rows.map(\.number) == [2, 3, 4, 6, 7, 8, 9])
        #expect(rows[0].values == ["payment_id", "amount", "due_date", "paid", "note", "rich", "when"])
        #expect(rows[1].values == ["P-1", "19.99", "2026-02-28", "true", "plain", "", "2026-03-01T13:45:30"])
        #expect(rows[1].kinds == [.text, .number, .date, .boolean, .text, .empty, .date])
        #expect(rows[2].values == ["P-2", "0.3", "1900-03-01", "false", "  spaced  ", "Bold and italic", "2026-03-02"])
        #expect(rows[3].values == ["P-3", "12345678901234600", "", "", "line1\nline2", "", "0.0000001"])
        #expect(rows[3].reference(4) == "E6")
        #expect(rows[4...].map { $0[2] } == ["1900-02-28", "1900-02-29", "1900-03-01"])
    }

    @Test func sheetNamedLikeTheTypeIsChosenOverTheFirstVisible() throws {
        let rows = try XLSXTestKit.read("openpyxl-1900.xlsx", type: "payments")
        #expect(rows.map(\.values) == [["payment_id", "amount"], ["Q-1", "1.5"]])
        let workbook = try XLSXTestKit.open(try XLSXTestKit.fixture("openpyxl-1900.xlsx"))
        #expect(workbook.sheet(forImportType: "payments_history")?.name == "Data")
        #expect(workbook.sheet(named: " notes ")?.visibility == .hidden)
    }

    @Test func the1904DateSystemCountsFrom1904() throws {
        let workbook = try XLSXTestKit.open(try XLSXTestKit.fixture("openpyxl-1904.xlsx"))
        #expect(workbook.dateSystem == .from1904)
        let rows = try XLSXTestKit.rows(workbook, workbook.firstVisibleSheet)
        #expect(rows.map { $0[1] } == ["date", "1904-01-01", "2024-02-29", "2026-12-31T23:59:59"])
    }

    @Test func libreOfficeCSVConversionReadsLikeTheCSV() throws {
        let rows = try XLSXTestKit.read("libreoffice-payments.xlsx")
        #expect(rows.map(\.values) == [
            ["payment_id", "amount", "currency", "due_date", "beneficiary_name", "beneficiary_iban"],
            ["PAY-0001", "120.5", "EUR", "2026-03-15", "Dupont SARL", "FR7630006000011234567890189"],
            ["PAY-0002", "19.99", "EUR", "2026-03-16", "Müller GmbH", "DE89370400440532013000"],
            ["PAY-0003", "1000000", "EUR", "2026-12-31", "Smith, Jones & Co", "GB29NWBK60161331926819"],
        ])
    }

    /// LibreOffice 7.4 writes booleans as the numbers 1 and 0, and its serial for
    /// 1900-01-01 as 2 (it has no 1900-02-29): read as Excel shows them.
    @Test func libreOfficeSheetsWithFormulasMergedCellsAndRichText() throws {
        let workbook = try XLSXTestKit.open(try XLSXTestKit.fixture("libreoffice-sheets.xlsx"))
        #expect(workbook.sheets.map(\.name) == ["Secret", "Payments", "Other"])
        #expect(workbook.sheet(forImportType: "payments")?.name == "Payments")
        let rows = try XLSXTestKit.rows(workbook, workbook.sheet(forImportType: "payments"))
        #expect(rows.map(\.number) == [1, 2, 4])
        #expect(rows[1].values == ["L-1", "19.99", "2026-02-28", "1", "39.98", "Bold tail", "2026-02-28T09:30:00"])
        #expect(rows[2].values == ["L-2 merged", "", "1900-01-02", "0", "0.3", "#DIV/0!"])
        #expect(rows[2].kinds[5] == .error)
    }

    @Test func handWrittenPartsCoverTheRareCellForms() throws {
        for name in ["crafted-cells.xlsx", "crafted-stored.xlsx", "crafted-zip64.xlsx"] {
            let rows = try XLSXTestKit.read(name)
            #expect(rows.map(\.number) == [1, 2, 3, 6, 7, 8, 9], "\(name)")
            #expect(rows[0].values == ["name", "value"])
            #expect(rows[1].values == ["Rich text", "inline"])
            #expect(rows[2].values == ["a&b\rc_x0041_", "-0.000123", "", "", "#N/A"])
            #expect(rows[3].values == ["xy", "3", "false"])
            #expect(rows[4].values == ["2026-02-28", "36:00:00", "2.5", "2026-02-28T18:00:00"])
            #expect(rows[5].values == ["2026-02-28", "", "123456789012346000000", "123456789012346000"])
            #expect(rows[6].reference(26) == "AA9")
            #expect(Array(rows[6].values[26...]) == ["1", "19.99", "0.3", "0"])
        }
    }

    @Test func readingThroughOneBytePositionalReadsGivesTheSameRows() throws {
        for name in ["openpyxl-1900.xlsx", "crafted-cells.xlsx", "libreoffice-sheets.xlsx"] {
            #expect(try XLSXTestKit.read(name, chunk: 1) == XLSXTestKit.read(name), "\(name)")
        }
    }

    @Test func advanceGivesTheSameBytesInPlace() throws {
        let workbook = try XLSXTestKit.open(try XLSXTestKit.fixture("crafted-cells.xlsx"))
        let reader = try workbook.rows(of: try #require(workbook.firstVisibleSheet))
        var seen: [[String]] = []
        while try reader.advance() {
            seen.append((0..<reader.fieldCount).map { String(decoding: reader.field($0), as: UTF8.self) })
        }
        #expect(seen.count == 7)
        #expect(try reader.advance() == false)
        #expect(seen[3] == ["xy", "3", "false"])
        #expect(reader.field(99).isEmpty)
    }

    /// The reader: which formula cells are uncalculated, by the workbook's flag.
    @Test func formulaCellsWithoutACalculatedValueReadAsUncalculated() throws {
        let row: [XLSXDocuments.Cell?] = [
            .formula("1+1", cached: "2"), .formula("1-1", cached: "0"), .formula("A1", cached: nil), .formula("\"\"", cached: ""),
            .text("plain"),
        ]
        func kinds(_ fullCalcOnLoad: Bool) throws -> [XLSXCellKind] {
            let bytes = XLSXDocuments.workbook([.init(name: "S", rows: [row])], fullCalcOnLoad: fullCalcOnLoad)
            let workbook = try XLSXWorkbook.open(source: MemoryRandomAccessSource(bytes))
            #expect(workbook.recalculatesOnLoad == fullCalcOnLoad)
            let reader = try workbook.rows(of: try #require(workbook.sheets.first))
            return try #require(try reader.next()).kinds
        }
        #expect(try kinds(false) == [.number, .number, .uncalculatedFormula, .empty, .text])
        #expect(try kinds(true) == [.number, .uncalculatedFormula, .uncalculatedFormula, .uncalculatedFormula, .text])
        let uncalculated = try XLSXWorkbook.open(source: MemoryRandomAccessSource(
            XLSXDocuments.workbook([.init(name: "S", rows: [[.formula("A1", cached: nil)]])])))
        let reader = try uncalculated.rows(of: try #require(uncalculated.sheets.first))
        #expect(try reader.next() == XLSXRow(number: 1, values: [""], kinds: [.uncalculatedFormula]), "a row of formulas is no empty row")
    }
}
