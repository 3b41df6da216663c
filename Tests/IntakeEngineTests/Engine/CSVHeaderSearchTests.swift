import Foundation
import Testing

@testable import IntakeCore
@testable import IntakeFormats
@testable import IntakeKit
import IntakeTestSupport

/// The header of delimited text found below a title (SPEC §2), through the
/// engine: the delimiter, Excel's `sep=` line, the rejected file and lines stay right.
@Suite struct CSVHeaderSearchTests {
    static let header = "payment_id;amount;currency;due_date;beneficiary_name;beneficiary_iban;beneficiary_bic;beneficiary_country"
    static let valid = "P-1;10.00;EUR;2026-06-01;Acme;FR1420041010050500013M02606;;FR"
    static let invalid = "P-2;-1.00;EUR;2026-06-01;Acme;FR1420041010050500013M02606;;FR"

    /// Drops `text` as `name` in a fresh root and runs one pass: the root and the job.
    static func run(_ name: String, _ text: String) throws -> (TemporaryRoot, JobRecord) {
        let root = try TemporaryRoot()
        return (root, try RealExportTests.run(root, "acme/payments/\(name)", Array(text.utf8)))
    }

    /// The lines of the job's rows in `progress` (its failed rows).
    static func failedLines(_ root: TemporaryRoot, _ job: JobRecord) throws -> [Int] {
        try root.result("acme", job.jobID).array("progress").map { $0.int("line") ?? 0 }
    }

    /// A title without any delimiter, then a `;` header: the delimiter is
    /// detected from the header's own line, not the title's.
    @Test func theDelimiterComesFromTheHeaderBelowATitle() throws {
        let (root, job) = try Self.run("title.csv", "Virements, juin 2026\n\n\(Self.header)\n\(Self.valid)\n\(Self.invalid)\n")
        #expect(job.status == .done && job.succeeded == 1 && job.failed == 1, "\(job.error?.message ?? "")")
        #expect(try PeoplesExportsTests.warnings(root, job)["header_row"]?.contains("line 3") == true)
        #expect(try Self.failedLines(root, job) == [5])
        #expect(try root.readBytes("outbox/acme/\(job.jobID).rejected.csv") == Array("\(Self.header)\n\(Self.invalid)\n".utf8))
    }

    /// Excel's `sep=;` line, then a title, then the header: the `sep=` line
    /// still sets the delimiter and starts the rejected file; the title does not.
    @Test func aSepLineAndATitleKeepTheirRoles() throws {
        let (root, job) = try Self.run("sep.csv", "sep=;\r\nExport;;;;;;;\r\n\(Self.header)\r\n\(Self.invalid)\r\n\(Self.valid)\r\n")
        #expect(job.status == .done && job.succeeded == 1 && job.failed == 1, "\(job.error?.message ?? "")")
        #expect(try Self.failedLines(root, job) == [4])
        #expect(try root.readBytes("outbox/acme/\(job.jobID).rejected.csv")
            == Array("sep=;\r\n\(Self.header)\r\n\(Self.invalid)\r\n".utf8))
    }

    /// No row of the first 20 non-empty ones holds the columns: the closest
    /// row's failure, told with the delimiter it was split on and how far the search went.
    @Test func aHeaderTooFarDownFailsOnTheClosestRow() throws {
        let titles = (1...20).map { "note \($0)" }.joined(separator: "\n")
        let (_, job) = try Self.run("far.csv", "payment_id;amount\n\(titles)\n\(Self.header)\n\(Self.valid)\n")
        #expect(job.status == .failed)
        #expect(job.error?.code == "missing_column")
        #expect(job.error?.line == 1, "payment_id;amount names the most fields")
        let message = job.error?.message ?? ""
        #expect(message.contains("first 20 non-empty") && message.contains("';' (semicolon)"), "\(message)")
    }

    /// A file of only empty rows below its header has no records.
    @Test func onlyEmptyRowsIsNoRecords() throws {
        let (_, job) = try Self.run("empty.csv", "\(Self.header)\n;;;;;;;\n;;;;;;;\n")
        #expect(job.status == .failed)
        #expect(job.error?.code == "no_records")
    }
}
