import Foundation
@testable import IntakeKit
import Testing
import IntakeTestSupport

/// `intake types beneficiaries --corridor …`: a draft 2020-12 JSON Schema per
/// corridor, from the validator's own tables.
@Suite struct CorridorSchemaTests {
    static func schema(_ corridor: String) throws -> [String: Any] {
        let run = try IntakeBinary.run(["types", "beneficiaries", "--corridor", corridor])
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    static var exampleItems: [[String: Any]] {
        let body = try? JSONSerialization.jsonObject(with: Data(PapayaExample.bulkImportBeneficiary.utf8)) as? [String: Any]
        return body?["items"] as? [[String: Any]] ?? []
    }

    @Test func theUSCorridorAcceptsPapayasValidItemsAndRefusesTheFirstAndABadRoutingNumber() throws {
        let schema = try Self.schema("INDIVIDUAL/US/USD")
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(JSONSchemaSubset.unknownKeywords(schema).isEmpty)
        let items = Self.exampleItems
        try #require(items.count == 3)
        #expect(JSONSchemaSubset.problems(items[0], schema) == ["$.bank_details: lacks bank_name"])
        #expect(JSONSchemaSubset.problems(items[1], schema).isEmpty)
        #expect(JSONSchemaSubset.problems(items[2], schema).isEmpty)
        for (routing, accepted) in [("11100002", false), ("1110000250", false), ("11100002A", false), ("111-000-025", true)] {
            var item = items[1]
            var bank = item["bank_details"] as? [String: Any] ?? [:]
            bank["bank_code"] = routing
            item["bank_details"] = bank
            #expect(JSONSchemaSubset.problems(item, schema).isEmpty == accepted, "\(routing)")
        }
        let business = try Self.schema("business/us/usd")
        #expect(!JSONSchemaSubset.problems(items[1], business).isEmpty, "a BUSINESS corridor wants a company_name")
    }

    @Test func everyCorridorHasASchemaAndTheListNamesThem() throws {
        for corridor in BankCorridor.all {
            let schema = try Self.schema("INDIVIDUAL/" + corridor.name)
            #expect(JSONSchemaSubset.unknownKeywords(schema).isEmpty, "\(corridor.name)")
            let bank = (schema["properties"] as? [String: Any])?["bank_details"] as? [String: Any]
            let required = bank?["required"] as? [String] ?? []
            for rule in corridor.rules where !corridor.ibanAlternative {
                #expect(required.contains(rule.field), "\(corridor.name) \(rule.field)")
            }
        }
        let french = try Self.schema("INDIVIDUAL/FR/EUR")
        let account = (((french["properties"] as? [String: Any])?["bank_details"] as? [String: Any])?["properties"] as? [String: Any])?["account_number"] as? [String: Any]
        #expect(JSONSchemaSubset.problems("FR14 2004 1010 0505 0001 3M02 606", account ?? [:]).isEmpty)
        #expect(!JSONSchemaSubset.problems("DE89370400440532013000", account ?? [:]).isEmpty)

        let list = try IntakeBinary.run(["types", "beneficiaries"])
        for corridor in BankCorridor.all { #expect(list.stdout.contains("    " + corridor.name + ": "), "\(corridor.name)") }
        #expect(try IntakeBinary.run(["types", "beneficiaries", "--corridor", "INDIVIDUAL/XX/USD"]).status == 64)
        #expect(try IntakeBinary.run(["types", "payments", "--corridor", "INDIVIDUAL/US/USD"]).status == 64)
    }
}
