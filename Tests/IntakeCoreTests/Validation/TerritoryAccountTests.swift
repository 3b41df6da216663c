import IntakeKit
import Testing
import IntakeTestSupport

/// A bank account in a territory that uses its parent's IBAN (GF → FR,
/// JE → GB, AX → FI, …) takes the parent's IBAN.
@Suite struct TerritoryAccountTests {
    @Test(arguments: [("GF", "FR1420041010050500013M02606"), ("NC", "FR1420041010050500013M02606"),
                      ("JE", "GB29NWBK60161331926819"), ("IM", "GB29NWBK60161331926819"), ("AX", "FI2112345600000785")])
    func aCompanyAccountInATerritoryTakesItsParentsIBAN(_ territory: String, _ iban: String) {
        var record = CompanyAccountValidationTests.company
        record["bank_account_country_code"] = territory
        record["iban"] = iban
        #expect(Checked(.companyAccountAudits, record).issues.isEmpty)
        record["iban"] = nil
        let missing = Checked(.companyAccountAudits, record)
        #expect(missing.codes == ["required"])
        #expect(missing.errors.first?.field == "iban")
    }

    @Test func anotherCountrysIBANIsAMismatchNamingTheParent() {
        var record = CompanyAccountValidationTests.company
        record["bank_account_country_code"] = "GP"
        record["iban"] = "DE89370400440532013000"
        let checked = Checked(.companyAccountAudits, record)
        #expect(checked.codes == ["iban_country_mismatch"])
        #expect(checked.errors.first?.description.contains("GP, whose accounts have FR IBANs") == true)
    }

    @Test func aBeneficiaryAccountInATerritoryTakesItsParentsIBAN() {
        var jane = BeneficiaryValidationTests.jane
        jane["bank_details.account_country"] = "JE"
        let checked = Checked(.beneficiaries, jane)
        #expect(checked.issues.isEmpty)
        #expect(checked.stored["country"] == "JE")
        jane["bank_details.account_country"] = "RE"
        jane["bank_details.account_currency"] = "EUR"
        #expect(Checked(.beneficiaries, jane).codes == ["iban_country_mismatch"])
        jane["bank_details.account_number"] = "fr14 2004 1010 0505 0001 3m02 606"
        let reunion = Checked(.beneficiaries, jane)
        #expect(reunion.issues.isEmpty)
        #expect(reunion.stored["bank_details.account_number"] == "FR1420041010050500013M02606")
    }
}
