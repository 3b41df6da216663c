import Foundation
import Testing
@testable import IntakeFormats
@testable import IntakeKit
import IntakeTestSupport

/// Small text documents are parsed on the writer's thread into a queue with
/// room for every row they can hold; nothing else changes.
@Suite struct ParsePlanTests {
    @Test func smallTextDocumentsAreParsedInlineWithRoomForOneRowPerByte() {
        let plan = ParsePlan(bytes: Int64(ParsePlan.inlineBytes), sizePredictsRows: true)
        #expect(plan.inline)
        #expect(plan.batches * RowBatch.capacity > ParsePlan.inlineBytes)
        #expect(!ParsePlan(bytes: Int64(ParsePlan.inlineBytes) + 1, sizePredictsRows: true).inline)
        #expect(!ParsePlan(bytes: 900, sizePredictsRows: XLSXHandler().sizePredictsRows).inline, "a workbook's size says nothing of its rows")
        #expect(CSVHandler().sizePredictsRows && JSONHandler.lines.sizePredictsRows && XMLHandler().sizePredictsRows)
        #expect(!ParsePlan(bytes: nil, sizePredictsRows: true).inline)
    }

    /// The densest document that is still parsed inline (two-byte rows, four
    /// batches' worth) is imported whole: the parser never waits for a writer
    /// that is waiting for it.
    @Test func theDensestInlineDocumentIsImportedWhole() throws {
        let root = try TemporaryRoot()
        let header = "payment_id,amount,currency,due_date,beneficiary_name,beneficiary_iban,beneficiary_bic,beneficiary_country,reference\n"
        let rows = (ParsePlan.inlineBytes - header.utf8.count) / 2
        try root.drop("acme__payments__dense.csv", header + String(repeating: "x\n", count: rows))
        #expect(ParsePlan(bytes: Int64(header.utf8.count + 2 * rows), sizePredictsRows: true).inline)
        let summary = try root.runPass()
        let job = try #require(summary.finished.first)
        #expect(job.status == .done)
        #expect(job.total == rows && job.failed == rows)
    }
}
