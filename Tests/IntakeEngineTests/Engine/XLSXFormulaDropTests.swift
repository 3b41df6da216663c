import Foundation
import Testing

@testable import IntakeKit
import IntakeTestSupport

/// Workbook formulas end to end: a formula whose value was never calculated
/// fails its row `formula_not_calculated`, naming the cell; one with a real
/// cached value is read as that value. The workbooks are xlsxwriter's and
/// openpyxl's (`tests/fixtures-tools/make_xlsx_formulas.py`).
@Suite struct XLSXFormulaDropTests {
    /// The rows of `sql` on the acme store, each of its `columns` as text (`NULL` for null).
    static func query(_ root: TemporaryRoot, _ sql: String, columns: Int) throws -> [[String]] {
        let database = try Database(path: root.root.store("acme"))
        let statement = try database.prepare(sql)
        var rows: [[String]] = []
        while try statement.step() {
            rows.append((0..<columns).map { statement.text(Int32($0)) ?? "NULL" })
        }
        return rows
    }

    /// The errors CSV's `line,path,id,field,code` of each issue.
    static func errorLines(_ root: TemporaryRoot, _ job: JobRecord) throws -> [String] {
        try root.read("outbox/acme/\(job.jobID).errors.csv").split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).dropFirst().prefix(5).joined(separator: ",")
        }
    }

    /// Every issue of the result's progress, as `code cell-named-in-description`.
    static func resultIssues(_ root: TemporaryRoot, _ job: JobRecord, _ kind: String = "errors") throws -> [[String: Any]] {
        try root.result("acme", job.jobID).array("progress").flatMap {
            $0.dictionary("error")?.dictionary("error_info")?.array(kind) ?? []
        }
    }

    @Test func xlsxwriterFormulasWithoutAValueFailTheirRowNamingTheCell() throws {
        let (root, job) = try XLSXDropTests.run("acme__payments__xw.xlsx", try XLSXTestKit.fixture("xlsxwriter-formulas.xlsx"))
        #expect(job.status == .done, "\(job.error?.message ?? "")")
        #expect(job.total == 6 && job.succeeded == 2 && job.failed == 4)
        // The formulas given their value are read as those values; nothing else is stored.
        let stored = try Self.query(root, "SELECT payment_id, amount_minor, due_date, beneficiary_name, reference FROM payments ORDER BY 1", columns: 5)
        #expect(stored == [
            ["XW-1", "123450", "2026-03-05", "Müller GmbH", "INV-0042"],
            ["XW-2", "88000", "2026-03-06", "Dupont SARL", "INV-0043"],
        ])
        // Each failed row fails for its formulas alone (no amount_not_positive, no date_invalid), cell by cell.
        #expect(try Self.errorLines(root, job) == [
            "4,E4,XW-3,beneficiary_name,formula_not_calculated",
            "5,B5,XW-4,amount,formula_not_calculated",
            "5,D5,XW-4,due_date,formula_not_calculated",
            "5,I5,XW-4,reference,formula_not_calculated",
            "6,I6,XW-5,reference,formula_not_calculated",
            "7,A7,,payment_id,formula_not_calculated",
        ])
        let errors = try Self.resultIssues(root, job)
        #expect(errors.count == 6 && errors.allSatisfy { $0.string("code") == "formula_not_calculated" })
        let first = try #require(errors.first?.string("description"))
        #expect(first.contains("cell E4") && first.contains("open the workbook in Excel or LibreOffice and save it"))
        #expect(try Self.query(root, "SELECT count(*) FROM entries WHERE status = 'FAILED' AND issues NOT LIKE '%formula_not_calculated%'", columns: 1)
            == [["0"]])
        // The rejected CSV leaves the uncalculated cells empty, never the writer's placeholder 0.
        let rejected = try root.read("outbox/acme/\(job.jobID).rejected.csv")
        #expect(rejected.contains("XW-3,99.5,EUR,2026-03-07,,DE89370400440532013000,COBADEFFXXX,DE,INV-0044\r\n"), "\(rejected)")
        #expect(rejected.contains("XW-4,,EUR,,Dupont SARL,"))
    }

    @Test func openpyxlFormulasHaveNoValueAndFailTheirRow() throws {
        let (root, job) = try XLSXDropTests.run("acme__payments__op.xlsx", try XLSXTestKit.fixture("openpyxl-formulas.xlsx"))
        #expect(job.status == .done && job.total == 4 && job.succeeded == 2 && job.failed == 2, "\(job.error?.message ?? "")")
        #expect(try Self.query(root, "SELECT payment_id, amount_minor, due_date, beneficiary_name, reference FROM payments ORDER BY 1", columns: 5) == [
            ["OP-1", "123450", "2026-03-05", "Müller GmbH", "INV-0042"],
            ["OP-4", "9950", "2026-03-08", "Dupont SARL", "INV-0045"],
        ])
        #expect(try Self.errorLines(root, job) == [
            "3,E3,OP-2,beneficiary_name,formula_not_calculated", "3,I3,OP-2,reference,formula_not_calculated",
            "4,B4,OP-3,amount,formula_not_calculated", "4,D4,OP-3,due_date,formula_not_calculated",
        ])
    }

    /// Without `fullCalcOnLoad` a cached `0` is a calculated value (LibreOffice
    /// and Excel write none of the placeholders); a formula without any `<v>`
    /// still fails. With it, a real cached value is read.
    @Test func onlyARecalculatingWorkbooksZeroIsAPlaceholder() throws {
        func rows(_ reference: XLSXDocuments.Cell, amount: XLSXDocuments.Cell) -> [[XLSXDocuments.Cell?]] {
            var row = XLSXDropTests.payment("F-1", amount: amount)
            row.append(reference)
            var header = XLSXDropTests.header
            header.append(.text("reference"))
            return [header, row]
        }
        let calculated = rows(.formula("0*1", cached: "0"), amount: .formula("1000+500", cached: "1500"))
        let (root, job) = try XLSXDropTests.run(
            "acme__payments__lo.xlsx", XLSXDocuments.workbook([.init(name: "Payments", rows: calculated)]))
        #expect(job.status == .done && job.succeeded == 1, "\(job.error?.message ?? "")")
        #expect(try Self.query(root, "SELECT amount_minor, reference FROM payments", columns: 2) == [["150000", "0"]])

        let recalculating = XLSXDocuments.workbook([.init(name: "Payments", rows: calculated)], fullCalcOnLoad: true)
        let (again, second) = try XLSXDropTests.run("acme__payments__xw.xlsx", recalculating)
        #expect(second.succeeded == 0 && second.failed == 1)
        #expect(try Self.errorLines(again, second) == ["2,I2,F-1,reference,formula_not_calculated"])

        let noValue = rows(.text("R-1"), amount: .formula("1000+500", cached: nil))
        let (third, job3) = try XLSXDropTests.run(
            "acme__payments__nv.xlsx", XLSXDocuments.workbook([.init(name: "Payments", rows: noValue)]))
        #expect(job3.failed == 1 && job3.succeeded == 0)
        #expect(try Self.errorLines(third, job3) == ["2,B2,F-1,amount,formula_not_calculated"])
    }

    /// LibreOffice's workbook holds formulas with their cached values (and no
    /// `fullCalcOnLoad`): read as values, as before.
    @Test func libreOfficeFormulasAreReadAsTheirValues() throws {
        let workbook = try XLSXWorkbook.open(source: MemoryRandomAccessSource(try XLSXTestKit.fixture("libreoffice-sheets.xlsx")))
        #expect(!workbook.recalculatesOnLoad)
        for sheet in workbook.sheets where sheet.isReadable {
            let reader = try workbook.rows(of: sheet)
            while let row = try reader.next() { #expect(!row.kinds.contains(.uncalculatedFormula), "\(sheet.name) \(row)") }
        }
    }
}
