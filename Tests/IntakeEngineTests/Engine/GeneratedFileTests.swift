import Foundation
import IntakeFixtures
import IntakeKit
import Testing
import IntakeTestSupport

/// The validators reject exactly the rows the generator made invalid, each with
/// the one code of its defect.
@Suite struct GeneratedFileTests {
    static let codeOfDefect: [PaymentsGenerator.Defect: String] = [
        .ibanCheck: "iban_checksum", .currency: "currency_unknown", .date: "date_invalid",
        .amount: "amount_not_positive", .name: "required", .bicLength: "bic_format", .duplicateID: "duplicate_id",
    ]

    @Test(arguments: [
        (rows: 20_000, seed: UInt64(1), crlf: false, bom: false),
        (rows: 3_000, seed: UInt64(42), crlf: true, bom: true),
    ])
    func generatedDefectsAreRejectedExactly(rows: Int, seed: UInt64, crlf: Bool, bom: Bool) throws {
        let generator = PaymentsGenerator(rows: rows, seed: seed, lineEnding: crlf ? .crlf : .lf, bom: bom)
        let (bytes, counts, invalidRows) = generator.generateInMemory()
        let root = try TemporaryRoot()
        try root.drop("acme/payments/generated.csv", bytes)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        #expect(job.status == .done)
        #expect(job.total == rows)
        #expect(job.failed == invalidRows.count)
        #expect(job.succeeded == rows - invalidRows.count)

        // Per code: the errors CSV counts equal the generator's counts.
        var expected: [String: Int] = [:]
        for (defect, count) in counts where count > 0 { expected[Self.codeOfDefect[defect] ?? "?", default: 0] += count }
        var found: [String: Int] = [:]
        for line in try root.read("outbox/acme/\(job.jobID).errors.csv").split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            found[String(cells[5]), default: 0] += 1
        }
        #expect(found == expected)

        // Per row: exactly the invalid rows failed, with their defect's code.
        let database = try Database(path: root.root.store("acme"))
        let statement = try database.prepare("SELECT row, issues FROM entries WHERE status = 'FAILED' ORDER BY row")
        var failedRows: [Int: String] = [:]
        while try statement.step() {
            let issues = statement.text(1) ?? ""
            let code = issues.components(separatedBy: "\"code\":\"").dropFirst().first?.components(separatedBy: "\"").first
            failedRows[statement.int(0)] = code
        }
        #expect(failedRows == invalidRows.mapValues { Self.codeOfDefect[$0] ?? "?" })
        #expect(try root.storeCount("acme", "SELECT count(*) FROM payments") == rows - invalidRows.count)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == rows)

        // The rejected file holds the header and exactly the failed rows.
        let rejected = try root.readBytes("outbox/acme/\(job.jobID).rejected.csv")
        let newline: UInt8 = 0x0A
        #expect(rejected.filter { $0 == newline }.count == invalidRows.count + 1)
        #expect(Array(rejected.prefix(3)) == (bom ? [0xEF, 0xBB, 0xBF] : Array("pay".utf8)))
    }
}
