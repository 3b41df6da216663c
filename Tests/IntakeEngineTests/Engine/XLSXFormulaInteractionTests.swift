import Foundation
import Testing

@testable import IntakeKit
import IntakeTestSupport

/// Formulas never calculated meet the other workbook rules: a row holding only
/// such formulas is no empty row (it fails, it is never skipped), and a
/// property kept in `extra` is checked like a field.
@Suite struct XLSXFormulaInteractionTests {
    @Test func aRowOfUncalculatedFormulasFailsAndIsNeverSkippedAsEmpty() throws {
        let formulas: [XLSXDocuments.Cell?] = (0..<8).map { column in .formula("Source!A\(column + 1)", cached: nil) }
        let workbook = XLSXDocuments.workbook(
            [.init(name: "Payments", rows: [XLSXDropTests.header, XLSXDropTests.payment("P-1"), formulas])],
            fullCalcOnLoad: true)
        let (root, job) = try XLSXDropTests.run("acme__payments__only-formulas.xlsx", workbook)
        #expect(job.status == .done && job.total == 2 && job.succeeded == 1 && job.failed == 1, "\(job.error?.message ?? "")")
        #expect(try PeoplesExportsTests.warnings(root, job)["empty_rows_skipped"] == nil)
        let lines = try XLSXFormulaDropTests.errorLines(root, job)
        #expect(lines.count == 8 && lines.allSatisfy { $0.hasPrefix("3,") && $0.hasSuffix(",formula_not_calculated") }, "\(lines)")
    }

    @Test func anUncalculatedFormulaInAPropertyKeptInExtraFailsItsRow() throws {
        let header = ["id", "entity_type", "bank_details.account_number", "bank_details.routing_number",
                      "bank_details.account_country", "bank_details.account_currency", "bank_details.account_name",
                      "bank_details.bank_name", "entity.individual_first_name", "entity.individual_last_name",
                      "bank_details.account_type"]
        func row(_ id: String, accountType: XLSXDocuments.Cell) -> [XLSXDocuments.Cell?] {
            [id, "INDIVIDUAL", "234567890567", "111000025", "US", "USD", "Patel Jason", "BANK OF AMERICA", "Jason", "Patel"]
                .map { .text($0) } + [accountType]
        }
        let workbook = XLSXDocuments.workbook([.init(name: "Sheet1", rows: [
            header.map { .text($0) },
            row("C-1", accountType: .text("CHECKING")),
            row("C-2", accountType: .formula("UPPER(\"checking\")", cached: nil)),
        ])], fullCalcOnLoad: true)
        let root = try TemporaryRoot()
        try root.drop("acme/beneficiaries/formula-extra.xlsx", workbook)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        #expect(job.succeeded == 1 && job.failed == 1, "\(job.error?.message ?? "")")
        let lines = try XLSXFormulaDropTests.errorLines(root, job)
        #expect(lines == ["3,K3,C-2,bank_details.account_type,formula_not_calculated"], "\(lines)")
    }
}
