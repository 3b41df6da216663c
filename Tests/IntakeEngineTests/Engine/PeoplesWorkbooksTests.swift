import Foundation
import Testing

@testable import IntakeKit
import IntakeTestSupport

/// Workbooks as people lay them out (issue 22), through the engine: a title
/// row above the header, a merged two-level header, a styled blank row.
/// Fixtures by tests/fixtures-tools/make_people_exports.py (openpyxl).
@Suite struct PeoplesWorkbooksTests {
    /// A merged title on row 1, row 2 empty, the header on row 3, a styled
    /// blank row 6 between the records: the header is found, the blank row
    /// is skipped with one warning, `line` is the worksheet row, and the
    /// rejected CSV starts with the real header.
    @Test func aWorkbookWithATitleRowImports() throws {
        let root = try TemporaryRoot()
        let job = try RealExportTests.run(root, "acme/payments/title.xlsx", try PeoplesExportsTests.fixture("title-row.xlsx"))
        #expect(job.status == .done, "\(job.error?.message ?? "")")
        #expect(job.succeeded == 4 && job.failed == 1)
        #expect(try PeoplesExportsTests.column(root, "due_date") == ["2026-03-05", "2026-12-01", "2026-01-31", "2026-11-09"])
        let warnings = try PeoplesExportsTests.warnings(root, job)
        #expect(warnings["header_row"]?.contains("row 3 of the worksheet \"Payments\"") == true, "\(warnings)")
        #expect(warnings["header_row"]?.contains("from row 1") == true, "\(warnings)")
        #expect(warnings["empty_rows_skipped"]?.contains("1 row") == true && warnings["empty_rows_skipped"]?.contains("row 6") == true,
                "\(warnings)")
        let progress = try root.result("acme", job.jobID).array("progress")
        #expect(progress.map { $0.int("line") ?? 0 } == [9])
        let bytes = try root.readBytes("outbox/acme/\(job.jobID).rejected.csv")
        let rejected = String(decoding: bytes, as: UTF8.self)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(rejected.dropFirst().hasPrefix("payment_id,amount,currency,due_date,"))
        #expect(rejected.contains("P-9") && !rejected.contains("Payments export"))
    }

    /// Group headings merged over the column names: the names' row is the header.
    @Test func aWorkbookWithATwoLevelHeaderImports() throws {
        let root = try TemporaryRoot()
        let job = try RealExportTests.run(
            root, "acme/payments/two-level.xlsx", try PeoplesExportsTests.fixture("two-level-header.xlsx"))
        #expect(job.status == .done, "\(job.error?.message ?? "")")
        #expect(job.succeeded == 4 && job.failed == 0)
        #expect(try PeoplesExportsTests.warnings(root, job)["header_row"]?.contains("row 2") == true)
    }

    /// A workbook without the column: the message speaks of rows of the
    /// worksheet, never of a delimiter, and says how far the header was sought.
    @Test func aMissingColumnInAWorkbookIsToldInWorkbookTerms() throws {
        let root = try TemporaryRoot(configure: { configuration in
            var settings = InputSettings()
            settings.columnAliases = ["beneficiary_name": "reference"]
            configuration.workspaces["acme"]?.inputs[.payments] = settings
        })
        // An alias reading the column as another field makes the fixture lack beneficiary_name.
        let job = try RealExportTests.run(root, "acme/payments/title.xlsx", try PeoplesExportsTests.fixture("title-row.xlsx"))
        #expect(job.status == .failed)
        #expect(job.error?.code == "missing_column", "\(job.error?.message ?? "")")
        let message = job.error?.message ?? ""
        #expect(message.contains("row 3 of the worksheet \"Payments\""), "\(message)")
        #expect(!message.contains("delimiter") && !message.contains("line "), "\(message)")
        #expect(job.error?.line == 3)
    }
}
