import Foundation
@testable import IntakeKit
import Testing
import IntakeTestSupport

/// Beneficiaries as Papaya defines them, through whole imports: Papaya's own
/// example request stored whole, the properties Intake has no field for kept
/// in `extra` (JSON bodies, CSV and workbooks), and shown by `intake entries`.
@Suite struct PapayaBeneficiaryTests {
    /// The stored row of beneficiary `id`, by column.
    static func stored(_ root: TemporaryRoot, _ id: String) throws -> [String: String] {
        let database = try Database(path: root.root.store("acme"))
        let columns = ImportType.beneficiaries.schema.storeColumns
        let statement = try database.prepare("SELECT \(columns.joined(separator: ", ")) FROM beneficiaries WHERE id = ?")
        try statement.bind(1, id)
        guard try statement.step() else { return [:] }
        var row: [String: String] = [:]
        for (index, column) in columns.enumerated() where !statement.isNull(Int32(index)) {
            row[column] = statement.text(Int32(index))
        }
        return row
    }

    @Test func papayasExampleRequestIsStoredWhole() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/beneficiaries/papaya-example.json", PapayaExample.bulkImportBeneficiary)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        #expect(job.total == 3)
        #expect(job.succeeded == 2)
        #expect(job.failed == 1)

        let result = try root.result("acme", job.jobID)
        #expect(result["document_warnings"] == nil, "every property of the example is a field: nothing unknown, nothing dropped")
        let progress = try #require(result["progress"] as? [[String: Any]])
        let first = try #require((progress[0]["error"] as? [String: Any])?["error_info"] as? [String: Any])
        let errors = try #require(first["errors"] as? [[String: Any]])
        #expect(errors.count == 1)
        #expect(errors.first?["properties"] as? [String] == ["$.bank_details"])
        #expect((errors.first?["description"] as? String)?.contains("bank_name") == true)

        let item2 = try Self.stored(root, "2")
        #expect(item2 == [
            "id": "2", "entity_type": "INDIVIDUAL", "country": "US", "currency": "USD",
            "bank_details_bank_name": "BANK OF AMERICA", "bank_details_account_number": "234567890567",
            "bank_details_bank_code": "111000025", "bank_details_account_country": "US",
            "bank_details_account_currency": "USD", "bank_details_account_name": "Patel Jason",
            "entity_individual_last_name": "Patel", "entity_address_country_subdivision": "TX",
            "entity_individual_first_name": "Jason", "entity_date_of_birth": "1986-12-02",
            "entity_address_line_1": "1235 Elm Street", "entity_address_city": "Houston",
            "entity_address_country": "US", "entity_address_postal_code": "77001", "job_seq": "1",
        ])
        #expect(try Self.stored(root, "3")["entity_address_line_1"] == "1236 Elm Street")
        #expect(try Self.stored(root, "1").isEmpty)
    }

    static let withExtras = """
        {"items": [
          {"id": "B-1", "entity_type": "INDIVIDUAL", "user_tags": {"team": "payroll"},
           "bank_details": {"bank_name": "BANK OF AMERICA", "account_number": "234567890567", "routing_number": "0260-0959-3",
                            "account_country": "US", "account_currency": "USD", "account_name": "Patel Jason",
                            "account_type": "CHECKING", "intermediary": {"bic": "BOFAUS3N", "name": "Bank of America"}},
           "entity": {"individual_first_name": "Jason", "individual_last_name": "Patel", "address_street": "1235 Elm Street",
                      "address_zip_code": "77001", "address_state": "TX", "employee_number": 42, "is_contractor": false,
                      "middle_name": null, "tax_residency": {}}},
          {"id": "B-2", "entity_type": "INDIVIDUAL",
           "bank_details": {"bank_name": "BBVA", "account_number": "032180000118359719", "account_country": "MX",
                            "account_currency": "MXN", "account_name": "Juan Pérez"},
           "entity": {"individual_first_name": "Juan", "individual_last_name": "Pérez", "aliases": ["Juanito"]}}
        ]}
        """

    @Test func propertiesWithoutAFieldAreKeptInExtraAndShownByEntries() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/beneficiaries/extras.json", Self.withExtras)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        #expect(job.succeeded == 1)
        #expect(job.failed == 1, "an array is not kept: the row says so rather than drop it")

        let row = try Self.stored(root, "B-1")
        #expect(row["extra"] == #"{"bank_details":{"account_type":"CHECKING","intermediary":{"bic":"BOFAUS3N","name":"Bank of America"}},"entity":{"employee_number":42,"is_contractor":false,"middle_name":null,"tax_residency":{}}}"#)
        #expect(row["bank_details_bank_code"] == "026009593", "routing_number, printed, is the bank code, stored compact")
        #expect(row["entity_address_line_1"] == "1235 Elm Street")
        #expect(row["entity_address_postal_code"] == "77001")
        #expect(row["entity_address_country_subdivision"] == "TX")

        let result = try root.result("acme", job.jobID)
        let warnings = try #require(result["document_warnings"] as? [[String: Any]])
        #expect(warnings.map { $0["code"] as? String } == ["extra_properties", "unknown_column"])
        let kept = warnings[0]["description"] as? String ?? ""
        for name in ["bank_details.account_type", "bank_details.intermediary.bic", "entity.employee_number", "entity.tax_residency"] {
            #expect(kept.contains(name), "\(name)")
        }
        #expect((warnings[1]["description"] as? String)?.contains("user_tags") == true)
        let progress = try #require(result["progress"] as? [[String: Any]])
        let failedRow = try #require(progress.first { $0["id"] as? String == "B-2" })
        let failed = (failedRow["error"] as? [String: Any])?["error_info"] as? [String: Any]
        #expect(((failed?["errors"] as? [[String: Any]])?.first?["properties"] as? [String]) == ["$.entity.aliases"])

        let json = try IntakeBinary.run(["entries", root.path, job.jobID, "--json"])
        #expect(json.status == 0)
        let lines = json.stdout.split(separator: "\n").map(String.init)
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        let extra = try #require(entry["extra"] as? [String: Any])
        #expect((extra["entity"] as? [String: Any])?["employee_number"] as? Int == 42)
        let failedEntry = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(failedEntry["extra"] == nil)
        let text = try IntakeBinary.run(["entries", root.path, job.jobID])
        #expect(text.stdout.contains(#"extra {"bank_details":{"account_type":"CHECKING""#))
    }

    @Test func dottedColumnsOfACSVAndAWorkbookAreKeptInExtra() throws {
        let header = ["id", "entity_type", "bank_details.account_number", "bank_details.routing_number", "bank_details.account_country",
                      "bank_details.account_currency", "bank_details.account_name", "bank_details.bank_name",
                      "entity.individual_first_name", "entity.individual_last_name", "entity.address_street",
                      "Bank_Details.Account_Type", "entity.employee.number", "cost_center"]
        let rows = [
            ["C-1", "INDIVIDUAL", "234567890567", "111000025", "US", "USD", "Patel Jason", "BANK OF AMERICA", "Jason", "Patel",
             "1235 Elm Street", "CHECKING", "E-42", "CC-9"],
            ["C-2", "INDIVIDUAL", "345678901234", "111000025", "US", "USD", "Garcia Maria", "BANK OF AMERICA", "Maria", "Garcia",
             "1236 Elm Street", "", "", "CC-9"],
        ]
        let csv = ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
        let workbook = XLSXDocuments.workbook([XLSXDocuments.Sheet(
            name: "Sheet1", rows: ([header] + rows).map { $0.map { $0.isEmpty ? nil : .text($0) } })])
        for (name, bytes) in [("dotted.csv", Array(csv.utf8)), ("dotted.xlsx", workbook)] {
            let root = try TemporaryRoot()
            try root.drop("acme/beneficiaries/" + name, bytes)
            _ = try root.runPass()
            let job = try #require(try root.jobs().first)
            #expect(job.succeeded == 2, "\(name)")
            let first = try Self.stored(root, "C-1")
            // The object's name as Intake spells it, the rest of the header as written.
            #expect(first["extra"] == #"{"bank_details":{"Account_Type":"CHECKING"},"entity":{"employee":{"number":"E-42"}}}"#,
                    "\(name): \(first["extra"] ?? "nil")")
            #expect(first["entity_address_line_1"] == "1235 Elm Street")
            #expect(try Self.stored(root, "C-2")["extra"] == nil, "blank cells are absent, as for fields")
            let warnings = try root.result("acme", job.jobID)["document_warnings"] as? [[String: Any]] ?? []
            #expect(warnings.map { $0["code"] as? String } == ["extra_properties", "unknown_column"], "\(name)")
        }
    }

    @Test func aWorkbookOpenpyxlWroteKeepsItsDottedColumnsInExtra() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/beneficiaries/dotted.xlsx", try XLSXTestKit.fixture("openpyxl-beneficiaries-dotted.xlsx"))
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        #expect(job.succeeded == 2)
        #expect(job.failed == 1)
        let two = try Self.stored(root, "2")
        #expect(two["extra"] == #"{"bank_details":{"account_type":"CHECKING"},"entity":{"employee_number":"42"}}"#)
        #expect(two["entity_address_line_1"] == "1235 Elm Street")
        #expect(two["entity_address_postal_code"] == "77001")
        #expect(two["entity_address_country_subdivision"] == "TX")
        #expect(two["bank_details_bank_code"] == "111000025")
        let three = try Self.stored(root, "3")
        #expect(three["bank_details_bank_code"] == "026009593")
        #expect(three["extra"] == nil)
        let errors = try root.read("outbox/acme/\(job.jobID).errors.csv")
        #expect(errors.contains("routing_number_checksum"))
    }
}
