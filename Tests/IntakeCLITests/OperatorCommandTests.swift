import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// The operator's reads and the dry run, on the built binary.
@Suite struct OperatorCommandTests {
    @Test func typesListExactlyTheFieldsTheValidatorsUse() throws {
        let output = try IntakeBinary.run(["types", "--json"])
        #expect(output.status == 0)
        let types = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(types.compactMap { $0["name"] as? String } == ImportType.allCases.map(\.name))
        let payments = try #require(types.first { $0["name"] as? String == "payments" })
        #expect(payments["api_type"] as? String == "trustpair/payments_import")
        #expect(payments["permission"] as? String == "payment_checks_write")
        #expect(payments["formats"] as? [String] == ["csv", "xml", "json", "jsonl", "xlsx"])
        for type in ImportType.allCases {
            let listed = try #require(types.first { $0["name"] as? String == type.name })
            #expect(listed["record_id"] as? String == type.schema.fields[type.schema.idField].name)
            let fields = listed["fields"] as? [[String: Any]] ?? []
            #expect(fields.compactMap { $0["name"] as? String } == type.schema.fields.map(\.name))
            #expect(fields.compactMap { $0["type"] as? String } == type.schema.fields.map(\.kind.rawValue))
            #expect(fields.compactMap { $0["required"] as? Bool } == type.schema.fields.map(\.required))
            #expect(fields.allSatisfy { !($0["rule"] as? String ?? "").isEmpty })
        }
        let audits = try #require(types.first { $0["name"] as? String == "company_account_audits" })
        let iban = (audits["fields"] as? [[String: Any]] ?? []).first { $0["name"] as? String == "iban" }
        #expect(iban?["required_when"] as? String == "where the bank country uses IBAN")
    }

    @Test func importTypesDocumentIsTheGeneratedOne() throws {
        let docs = Repository.root.appendingPathComponent("docs/import-types.md")
        let committed = try String(contentsOf: docs, encoding: .utf8)
        let generated = try IntakeBinary.run(["types", "--markdown"]).stdout
        #expect(committed == generated, "regenerate it: intake types --markdown > docs/import-types.md")
    }

    @Test func entriesMirrorTheStoreWithFiltersAndJSONLines() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)

        let all = try IntakeBinary.run(["entries", root.path, job.jobID, "--json"])
        #expect(all.status == 0, "\(all.stderr)")
        let lines = all.stdout.split(separator: "\n")
        #expect(lines.count == 12)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any] ?? [:]
        #expect(first.int("row") == 0)
        #expect(first.int("line") == 2)
        #expect(first.string("id") == "PAY-1")
        #expect(first.string("status") == "SUCCESS")

        let failed = try IntakeBinary.run(["entries", root.path, job.jobID, "--failed", "--json"])
        let failedLines = failed.stdout.split(separator: "\n")
        #expect(failedLines.count == 9)
        let bad = try JSONSerialization.jsonObject(with: Data(failedLines[0].utf8)) as? [String: Any] ?? [:]
        #expect(bad.string("status") == "FAILED")
        let issue = try #require(bad.array("issues").first)
        #expect(issue.string("code") == "iban_checksum")
        #expect(issue.string("field") == "beneficiary_iban")
        #expect(issue.string("value") == "FR7730006000011234567890189")

        let limited = try IntakeBinary.run(["entries", root.path, job.jobID, "--limit", "2"])
        #expect(limited.stdout.split(separator: "\n").count == 3)
        #expect(try IntakeBinary.run(["entries", root.path, "20990101T000000000-00000000"]).status == 66)
    }

    @Test func statusFiltersByStateAndTime() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        try root.drop("acme/payments/empty.csv", "")
        _ = try root.runPass()
        let failed = try IntakeBinary.run(["status", root.path, "--state", "failed", "--json"])
        #expect(failed.stdout.split(separator: "\n").count == 1)
        #expect(failed.stdout.contains("\"empty\""))
        let future = try IntakeBinary.run(["status", root.path, "--since", "2999-01-01", "--json"])
        #expect(future.stdout.isEmpty)
        let past = try IntakeBinary.run(["status", root.path, "--since", "2000-01-01T00:00:00Z", "--json"])
        #expect(past.stdout.split(separator: "\n").count == 2)
        #expect(try IntakeBinary.run(["status", root.path, "--since", "yesterday"]).status == 64)
        let one = try IntakeBinary.run(["status", root.path, try #require(try root.jobs().first).jobID, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(object.dictionary("source") != nil)
        #expect(object["progress"] == nil)
    }

    @Test func validateReportsAndStoresNothing() throws {
        let folder = FileManager.default.temporaryDirectory.path + "/intake-validate-test-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let good = folder + "/good.csv"
        let mixed = folder + "/mixed.csv"
        try (PaymentsCSV.header + PaymentsCSV.valid.joined()).write(toFile: good, atomically: true, encoding: .utf8)
        try PaymentsCSV.mixed.write(toFile: mixed, atomically: true, encoding: .utf8)
        let scratchBefore = try scratchRoots()

        let ok = try IntakeBinary.run(["validate", "--type", "payments", good])
        #expect(ok.status == 0, "\(ok.stderr)")
        let result = try JSONSerialization.jsonObject(with: Data(ok.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(result.int("total") == 3)
        #expect(result.int("failed") == 0)

        let bad = try IntakeBinary.run(["validate", "--type", "payments", mixed, "--outbox", folder + "/report"])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("9 of 12 rows are invalid"))
        let written = try FileManager.default.contentsOfDirectory(atPath: folder + "/report").sorted()
        #expect(written.count == 4)
        #expect(written.contains { $0.hasSuffix(".report.html") })
        #expect(written.contains { $0.hasSuffix(".rejected.csv") })
        // Validating twice is not a duplicate: nothing was kept between runs.
        #expect(try IntakeBinary.run(["validate", "--type", "payments", good]).status == 0)
        #expect(try scratchRoots() == scratchBefore)
        #expect(try IntakeBinary.run(["validate", "--type", "payments", folder + "/none.csv"]).status == 66)
        #expect(try IntakeBinary.run(["validate", good]).status == 64)
    }

    private func scratchRoots() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix("intake-validate-2") }.sorted()
    }
}
