import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// Through a whole import: a printed identifier reaches the store in
/// electronic form, and a failing one reaches the errors CSV as written.
@Suite struct PrintedIdentifierImportTests {
    @Test func theStoreHoldsTheElectronicFormAndTheReportTheValueAsWritten() throws {
        let root = try TemporaryRoot()
        let csv = """
            payment_id,amount,currency,due_date,beneficiary_name,beneficiary_iban,beneficiary_bic,beneficiary_country,company_registration
            P-1,10.00,EUR,2026-06-01,Acme,"fr14 2004\u{A0}1010 0505 0001 3m02 606",bnpa fr pp xxx,FR,732 829 320 00074
            P-2,10.00,EUR,2026-06-01,Acme,FR15 2004 1010 0505 0001 3M02 606,BNPAFRPP,FR,
            P-3,10.00,EUR,2026-06-01,Acme,DE89 3704 0044 0532 0130 00,,DE,

            """
        try root.drop("acme/payments/printed.csv", csv)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        #expect(job.succeeded == 2)
        #expect(job.failed == 1)

        let database = try Database(path: root.root.store("acme"))
        let statement = try database.prepare(
            "SELECT beneficiary_iban, beneficiary_bic, company_registration FROM payments WHERE payment_id = 'P-1'")
        #expect(try statement.step())
        #expect(statement.text(0) == "FR1420041010050500013M02606")
        #expect(statement.text(1) == "BNPAFRPPXXX")
        #expect(statement.text(2) == "73282932000074")
        let sepa = try database.prepare("SELECT beneficiary_iban, beneficiary_bic FROM payments WHERE payment_id = 'P-3'")
        #expect(try sepa.step())
        #expect(sepa.text(0) == "DE89370400440532013000")
        #expect(sepa.text(1) == "", "an IBAN-only SEPA payment in euros")

        let errors = try root.read("outbox/acme/\(job.jobID).errors.csv")
        #expect(errors.contains("iban_checksum"))
        #expect(errors.contains("FR15 2004 1010 0505 0001 3M02 606"))
    }
}
