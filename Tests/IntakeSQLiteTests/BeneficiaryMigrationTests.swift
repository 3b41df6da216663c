@testable import IntakeKit
import Testing
import IntakeTestSupport

/// Version 3 of a workspace store ("papaya_names"): a store made by the
/// schema before it keeps its beneficiaries' data under Papaya's names.
@Suite struct BeneficiaryMigrationTests {
    @Test func aStoreOfTheFormerSchemaKeepsItsDataUnderTheNewNames() throws {
        let root = try TemporaryRoot()
        let path = root.root.store("acme")
        do {
            let database = try Database(path: path)
            try #require(SQLiteStore.migrations.through("v2-other-types")).apply(to: database)
            #expect(try database.userVersion() == 2)
            try database.execute("""
                INSERT INTO beneficiaries (id, entity_type, bank_details_account_number, bank_details_account_country,
                    bank_details_account_currency, bank_details_account_name, bank_details_bank_name,
                    entity_address_street, entity_address_zip_code, entity_address_state, entity_address_city, job_seq)
                VALUES ('2', 'INDIVIDUAL', '234567890567', 'US', 'USD', 'Patel Jason', 'BANK OF AMERICA',
                    '1235 Elm Street', '77001', 'TX', 'Houston', 1)
                """)
        }
        _ = try SQLiteStore(root: root.root, workspace: "acme")
        let database = try Database(path: path)
        #expect(try database.userVersion() == 3)
        let statement = try database.prepare("""
            SELECT entity_address_line_1, entity_address_postal_code, entity_address_country_subdivision, entity_address_city,
                   entity_address_line_2, bank_details_branch_code, extra FROM beneficiaries WHERE id = '2'
            """)
        #expect(try statement.step())
        #expect(statement.text(0) == "1235 Elm Street")
        #expect(statement.text(1) == "77001")
        #expect(statement.text(2) == "TX")
        #expect(statement.text(3) == "Houston")
        #expect(statement.isNull(4) && statement.isNull(5) && statement.isNull(6))
    }
}
