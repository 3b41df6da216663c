import IntakeKit
import Testing
import IntakeTestSupport

/// Identifiers as people print them are accepted and stored in electronic
/// form; a failing one is reported as it was written.
@Suite struct PrintedIdentifierTests {
    static let payment: [String: String] = [
        "payment_id": "P-1", "amount": "120.50", "currency": "EUR", "due_date": "2026-10-01",
        "beneficiary_name": "Acme SARL", "beneficiary_iban": "FR1420041010050500013M02606",
        "beneficiary_bic": "BNPAFRPP", "beneficiary_country": "FR",
    ]

    static func paying(_ fields: [String: String]) -> Checked {
        Checked(.payments, payment.merging(fields) { $1 })
    }

    @Test(arguments: [
        "FR14 2004 1010 0505 0001 3M02 606", "fr14 2004 1010 0505 0001 3m02 606", "fr1420041010050500013m02606",
        "FR14\u{A0}2004\u{A0}1010\u{A0}0505\u{A0}0001\u{A0}3M02\u{A0}606",
        "FR14\u{202F}2004\u{202F}1010\u{202F}0505\u{202F}0001\u{202F}3M02\u{202F}606",
        "FR14\t2004 1010 0505 0001 3M02 606",
    ])
    func aPrintedIBANIsStoredInElectronicForm(_ printed: String) {
        let checked = Self.paying(["beneficiary_iban": printed, "debtor_iban": printed])
        #expect(checked.issues.isEmpty)
        #expect(checked.stored["beneficiary_iban"] == "FR1420041010050500013M02606")
        #expect(checked.stored["debtor_iban"] == "FR1420041010050500013M02606")
    }

    @Test func aFailingPrintedIBANIsReportedAsWrittenWithTheRightCode() {
        let wrong = "FR15 2004 1010 0505 0001 3M02 606"
        let checked = Self.paying(["beneficiary_iban": wrong])
        #expect(checked.codes == ["iban_checksum"])
        #expect(checked.errors.first?.value == wrong)
        #expect(checked.stored["beneficiary_iban"] == nil)
        let letter = "gb12 barc 2020 1530 093a 59"
        let layout = Self.paying(["beneficiary_iban": letter, "beneficiary_bic": "BARCGB22", "currency": "GBP"])
        #expect(layout.codes == ["iban_format"])
        #expect(layout.errors.first?.value == letter)
        #expect(layout.errors.first?.description.contains("character 20") == true)
        #expect(layout.errors.first?.description.contains("4!a6!n8!n") == true)
    }

    /// `-` and `.` between groups are read like spaces (python-stdnum and
    /// schwifty read them so); any other separator, or one that does not
    /// stand between two groups, is refused.
    @Test func hyphensAndDotsBetweenGroupsAreReadLikeSpaces() {
        for written in ["FR14-2004-1010-0505-0001-3M02-606", "FR14.2004.1010.0505.0001.3M02.606", "fr14-2004 1010.0505-0001 3m02-606"] {
            let checked = Self.paying(["beneficiary_iban": written])
            #expect(checked.codes == [], "\(written)")
            #expect(checked.stored["beneficiary_iban"] == "FR1420041010050500013M02606", "\(written)")
        }
        for written in ["FR14 2004 1010 0505 0001 3M02 6O6", "FR14/2004/1010/0505/0001/3M02/606", "FR14_2004_1010_0505_0001_3M02_606",
                        "FR14--2004-1010-0505-0001-3M02-606", "-FR14-2004-1010-0505-0001-3M02-606", "FR14-2004-1010-0505-0001-3M02-606-",
                        "FR14 -2004 1010 0505 0001 3M02 606"] {
            #expect(Self.paying(["beneficiary_iban": written]).codes == ["iban_format"], "\(written)")
        }
    }

    @Test(arguments: [("bnpafrpp", "BNPAFRPP"), ("BNPA FR PP", "BNPAFRPP"), ("bnpa fr pp xxx", "BNPAFRPPXXX"),
                      ("BNPAFRPPXXX", "BNPAFRPPXXX"), ("abna be 2a", "ABNABE2A")])
    func aBICInLowerCaseOrWithSpacesIsStoredInElectronicForm(_ written: String, _ electronic: String) {
        let checked = Self.paying(["beneficiary_bic": written])
        #expect(checked.issues.isEmpty)
        #expect(checked.stored["beneficiary_bic"] == electronic, "the XXX branch is kept as written")
    }

    @Test func aFailingBICIsReportedAsWritten() {
        let checked = Self.paying(["beneficiary_bic": "bnpa fr p"])
        #expect(checked.codes == ["bic_format"])
        #expect(checked.errors.first?.value == "bnpa fr p")
    }

    @Test(arguments: [("732 829 320", "732829320"), ("732.829.320", "732829320"), ("732\u{A0}829\u{A0}320", "732829320"),
                      ("732 829 320 00074", "73282932000074"), ("732.829.320.00074", "73282932000074")])
    func aPrintedSIRENOrSIRETIsStoredAsDigits(_ written: String, _ digits: String) {
        let payment = Self.paying(["company_registration": written])
        #expect(payment.issues.isEmpty)
        #expect(payment.stored["company_registration"] == digits)
        let company = Checked(.companyAccountAudits, CompanyAccountValidationTests.company.merging(["company_registration": written]) { $1 })
        #expect(company.issues.isEmpty)
        #expect(company.stored["company_registration"] == digits)
    }

    @Test func aFailingSIRETIsReportedAsWritten() {
        let written = "765 481 851 38218"
        let checked = Self.paying(["company_registration": written])
        #expect(checked.codes == ["registration_invalid"])
        #expect(checked.errors.first?.value == written)
    }

    @Test(arguments: [("FR 40 303 265 045", "FR40303265045"), ("fr40303265045", "FR40303265045"),
                      ("FR40.303.265.045", "FR40303265045"), ("fr k7 399 859 412", "FRK7399859412")])
    func aPrintedVATNumberIsStoredCompact(_ written: String, _ compact: String) {
        var record = CompanyAccountValidationTests.company
        record["company_registration"] = nil
        record["tax_number"] = written
        let checked = Checked(.companyAccountAudits, record)
        #expect(checked.issues.isEmpty)
        #expect(checked.stored["tax_number"] == compact)
        record["tax_number"] = "fr 41 303 265 045"
        let wrong = Checked(.companyAccountAudits, record)
        #expect(wrong.codes == ["tax_number_invalid"])
        #expect(wrong.errors.first?.value == "fr 41 303 265 045")
    }

    @Test func aNonFrenchRegistrationStaysFreeTextAsWritten() {
        var record = CompanyAccountValidationTests.company
        record["company_country_code"] = "DE"
        record["company_registration"] = "HRB 12345"
        #expect(Checked(.companyAccountAudits, record).stored["company_registration"] == "HRB 12345")
    }

    @Test func aPrintedIBANOfABeneficiaryOrACompanyIsStoredInElectronicForm() {
        var jane = BeneficiaryValidationTests.jane
        jane["bank_details.account_number"] = "gb29 nwbk 6016 1331 9268 19"
        let beneficiary = Checked(.beneficiaries, jane)
        #expect(beneficiary.issues.isEmpty)
        #expect(beneficiary.stored["bank_details.account_number"] == "GB29NWBK60161331926819")
        var company = CompanyAccountValidationTests.company
        company["iban"] = "FR14 2004 1010 0505 0001 3M02 606"
        let checked = Checked(.companyAccountAudits, company)
        #expect(checked.issues.isEmpty)
        #expect(checked.stored["iban"] == "FR1420041010050500013M02606")
    }
}
