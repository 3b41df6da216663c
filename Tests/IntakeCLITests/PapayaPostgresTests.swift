import Foundation
@testable import IntakeKit
import Testing
import IntakeTestSupport

/// PostgreSQL mode of the "papaya_names" step: a `ws_*` store of the former
/// schema keeps its data under the new names, and `intake migrate` copies the
/// new columns, `extra` included.
@Suite struct PapayaPostgresTests {
    @Test func aPostgresStoreOfTheFormerSchemaKeepsItsDataUnderTheNewNames() throws {
        let url = try PostgresServer.running().makeDatabase()
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        let name = PostgresSchema.storeSchema("acme")
        try PostgresSchema.migrate(
            name, migrations: #require(PostgresSchema.storeMigrations.through("v1-all-types")), searchPath: name, on: connection)
        try connection.execute("""
            INSERT INTO ws_acme.beneficiaries (id, entity_type, bank_details_account_number, bank_details_account_country,
                bank_details_account_currency, bank_details_account_name, bank_details_bank_name,
                entity_address_street, entity_address_zip_code, entity_address_state, job_seq)
            VALUES ('2', 'INDIVIDUAL', '234567890567', 'US', 'USD', 'Patel Jason', 'BANK OF AMERICA', '1235 Elm Street', '77001', 'TX', 1)
            """)
        _ = try PostgresStore(connection: connection, workspace: "acme")
        #expect(try TemporaryRoot.scalar(url, "SELECT version FROM intake.schema_versions WHERE name = 'ws_acme'")
                == String(PostgresSchema.storeMigrations.latestVersion))
        let rows = try connection.query("""
            SELECT entity_address_line_1, entity_address_postal_code, entity_address_country_subdivision, extra
            FROM ws_acme.beneficiaries WHERE id = '2'
            """)
        #expect(rows.text(0, 0) == "1235 Elm Street")
        #expect(rows.text(0, 1) == "77001")
        #expect(rows.text(0, 2) == "TX")
        #expect(rows.text(0, 3) == nil)
    }

    @Test func migrateCopiesExtraAndTheNewNames() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/beneficiaries/extras.json", PapayaBeneficiaryTests.withExtras)
        #expect(try IntakeBinary.run(["run", root.path]).status == 0)
        let url = try PostgresServer.running().makeDatabase()
        let moved = try IntakeBinary.run(["migrate", root.path, "--to", url])
        #expect(moved.status == 0, "\(moved.stderr)")
        let extra = try TemporaryRoot.scalar(url, "SELECT extra FROM ws_acme.beneficiaries WHERE id = 'B-1'")
        #expect(extra == #"{"bank_details":{"account_type":"CHECKING","intermediary":{"bic":"BOFAUS3N","name":"Bank of America"}},"entity":{"employee_number":42,"is_contractor":false,"middle_name":null,"tax_residency":{}}}"#)
        #expect(try TemporaryRoot.scalar(url, "SELECT entity_address_line_1 FROM ws_acme.beneficiaries WHERE id = 'B-1'") == "1235 Elm Street")
    }
}
