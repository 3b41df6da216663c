import Foundation
import Testing

@testable import IntakeKit
import IntakeTestSupport

/// Identifiers typed into number cells, end to end: written with their number
/// format's zero padding (`000901138599`), else stored as the number with the
/// row warning `identifier_from_number_cell` naming the cell. Workbooks by
/// xlsxwriter and openpyxl (`tests/fixtures-tools/make_xlsx_formulas.py`).
@Suite struct XLSXIdentifierDropTests {
    @Test func zeroPaddedNumberCellsAreStoredAsTheirFormatShowsThem() throws {
        let (root, job) = try XLSXDropTests.run(
            "acme__company_account_audits__ids.xlsx", try XLSXTestKit.fixture("xlsxwriter-identifiers.xlsx"))
        #expect(job.status == .done && job.total == 2 && job.succeeded == 2 && job.failed == 0, "\(job.error?.message ?? "")")
        let stored = try XLSXFormulaDropTests.query(root, """
            SELECT supplier_id, company_name, company_registration, tax_number, duns, bank_account_country_code,
                   bank_account_number, routing_number FROM company_account_audits ORDER BY 1
            """, columns: 8)
        #expect(stored == [
            // 00000, 000000000, "FR"00000000000, 000000000, 000000000000 and a three-section format.
            ["00042", "Renault", "732829320", "FR44732829320", "060704780", "US", "000901138599", "011000015"],
            // Typed as text, but the account number a General number cell: stored as the number, warned.
            ["S-3", "Renault", "732829320", "FR44732829320", "060704780", "US", "901138599", "021000021"],
        ])
        #expect(job.warnings == 1)
        let warnings = try XLSXFormulaDropTests.resultIssues(root, job, "warnings")
        #expect(warnings.map { $0.string("code") } == ["identifier_from_number_cell"])
        let warning = try #require(warnings.first)
        #expect(warning["properties"] as? [String] == ["$.bank_account_number"])
        let description = try #require(warning.string("description"))
        #expect(description.contains("cell H3") && description.contains("bank_account_number")
            && description.contains("leading zeros") && description.contains("format the column as Text"))
        // A stored row's warning is in result.json and the store's entry (the errors CSV lists errors).
        #expect(try XLSXFormulaDropTests.errorLines(root, job).isEmpty)
        let entry = try #require(try XLSXDropTests.entries(root).last)
        #expect(entry[1] == "3" && entry[2] == "S-3" && entry[3] == "SUCCESS", "\(entry)")
        #expect(entry[4].contains("identifier_from_number_cell") && entry[4].contains("\"value\":\"901138599\""), "\(entry)")
    }

    /// Payment ids in `000000` number cells, an `"E2E-"000000` end-to-end id, a
    /// SIREN in a General number cell; the amount has a `000000` format too,
    /// but an amount is no identifier: 1500 stays 1500.00.
    @Test func idsKeepTheirZerosAndAmountsStayTheNumberTheyAre() throws {
        let (root, job) = try XLSXDropTests.run("acme__payments__ids.xlsx", try XLSXTestKit.fixture("openpyxl-identifiers.xlsx"))
        #expect(job.status == .done && job.total == 3 && job.succeeded == 2 && job.failed == 1, "\(job.error?.message ?? "")")
        let stored = try XLSXFormulaDropTests.query(root, """
            SELECT payment_id, amount_minor, currency, due_date, beneficiary_name, company_registration, end_to_end_id
            FROM payments ORDER BY 1
            """, columns: 7)
        #expect(stored == [
            ["000007", "150000", "EUR", "2026-03-05", "Renault", "732829320", "E2E-000007"],
            ["000008", "150000", "EUR", "2026-03-05", "Renault", "732829320", "E2E-000008"],
        ])
        #expect(try XLSXFormulaDropTests.errorLines(root, job) == ["4,C4,000009,currency,currency_unknown"])
        let warnings = try XLSXFormulaDropTests.resultIssues(root, job, "warnings")
        #expect(warnings.map { $0.string("code") } == ["identifier_from_number_cell"])
        #expect(warnings.first?.string("description")?.contains("cell J3") == true)
        #expect(warnings.first?["properties"] as? [String] == ["$.company_registration"])
        // The rejected CSV holds the id as shown, and imports again with it.
        let rejected = try root.readBytes("outbox/acme/\(job.jobID).rejected.csv")
        #expect(String(decoding: rejected, as: UTF8.self).contains("\r\n000009,1500,EUX,2026-03-05,Renault,"))
        let (again, retried) = try XLSXDropTests.run("acme__payments__fixed.csv", rejected)
        #expect(retried.total == 1 && retried.failed == 1)
        #expect(try XLSXDropTests.entries(again).first?[2] == "000009")
    }

    /// The schemas' identifier fields (what the warning covers).
    @Test func identifierFieldsAreIdsAccountsAndRegistrations() {
        let identifiers = ImportType.allCases.flatMap { type in type.schema.fields.filter(\.isIdentifier).map(\.name) }
        for name in ["payment_id", "beneficiary_iban", "beneficiary_bic", "supplier_id", "company_registration", "debtor_iban",
                     "end_to_end_id", "custom_id", "tax_number", "duns", "iban", "bank_account_number", "bic_code",
                     "routing_number", "id", "bank_details.account_number", "bank_details.bank_code"]
        {
            #expect(identifiers.contains(name), "\(name)")
        }
        #expect(FieldDefinition("entity.address_postal_code", .text).isIdentifier)
        #expect(FieldDefinition("entity.address_zip_code", .text).isIdentifier)
        #expect(FieldDefinition("bank_details.branch_code", .text).isIdentifier)
        for name in ["amount", "currency", "due_date", "beneficiary_name", "reference", "company_name", "birthdate",
                     "bank_account_country_code", "entity.address_city", "debtor_name"]
        {
            #expect(!identifiers.contains(name), "\(name)")
        }
    }
}
