import IntakeKit
import Testing
import IntakeTestSupport

/// Payments and payments history: the BIC may be left out of a EUR transfer to
/// an IBAN of a SEPA country (IBAN-only, EPC rule since 2016), is required
/// otherwise, and is checked whenever present.
@Suite struct SEPAPaymentTests {
    static func paying(_ fields: [String: String?], type: ImportType = .payments) -> Checked {
        var record = PrintedIdentifierTests.payment
        record["paid_at"] = type == .paymentsHistory ? "2026-10-02" : nil
        for (name, value) in fields { record[name] = value }
        return Checked(type, record)
    }

    @Test(arguments: [ImportType.payments, .paymentsHistory])
    func aEURTransferToASEPAIBANNeedsNoBIC(_ type: ImportType) {
        for iban in ["FR1420041010050500013M02606", "DE89370400440532013000", "GB29NWBK60161331926819",
                     "CH9300762011623852957", "AL47212110090000000235698741", "RS35260005601001611379", "GI75NWBK000000007099453"] {
            let checked = Self.paying(["beneficiary_iban": iban, "beneficiary_bic": nil], type: type)
            #expect(checked.issues.isEmpty, "\(iban)")
            #expect(checked.stored["beneficiary_bic"] == "", "an IBAN-only payment stores an empty BIC")
            #expect(Self.paying(["beneficiary_iban": iban, "beneficiary_bic": ""], type: type).issues.isEmpty)
        }
    }

    @Test(arguments: [ImportType.payments, .paymentsHistory])
    func anotherCurrencyOrANonSEPAIBANNeedsTheBIC(_ type: ImportType) {
        let gbp = Self.paying(["beneficiary_iban": "GB29NWBK60161331926819", "currency": "GBP", "beneficiary_bic": nil], type: type)
        #expect(gbp.codes == ["required"])
        #expect(gbp.errors.first?.field == "beneficiary_bic")
        #expect(gbp.errors.first?.description.contains("SEPA") == true)
        for iban in ["TR330006100519786457841326", "AE070331234567890123456", "FO6264600001631634", "XK051212012345678906"] {
            #expect(Self.paying(["beneficiary_iban": iban, "beneficiary_bic": nil], type: type).codes == ["required"], "\(iban)")
        }
    }

    @Test func aBICGivenIsAlwaysChecked() {
        #expect(Self.paying(["beneficiary_bic": "BNPAFRP"]).codes == ["bic_format"])
        #expect(Self.paying(["beneficiary_iban": "TR330006100519786457841326", "beneficiary_bic": "TCZBTR2AXXX"]).issues.isEmpty)
    }

    @Test func aRowFailingOnItsIBANOrCurrencyIsNotAlsoFailedOnItsBIC() {
        #expect(Self.paying(["beneficiary_iban": "FR1520041010050500013M02606", "beneficiary_bic": nil]).codes == ["iban_checksum"])
        #expect(Self.paying(["currency": "EUX", "beneficiary_bic": nil]).codes == ["currency_unknown"])
    }

    /// EPC409-09 as of 2025: 41 countries and their SEPA territories.
    @Test func theSEPAListIsTheEPCs() {
        let members = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
                       "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS", "LI", "NO",
                       "CH", "GB", "MC", "SM", "VA", "AD", "AL", "MD", "ME", "MK", "RS"]
        #expect(members.count == 41)
        let territories = ["AX", "GF", "GP", "MQ", "RE", "YT", "BL", "MF", "PM", "GI", "GG", "JE", "IM"]
        #expect(Set(SEPA.countries) == Set(members + territories))
        for outside in ["FO", "GL", "NC", "PF", "WF", "TF", "XK", "TR", "UA", "BA", "US"] {
            #expect(withBytes(outside) { !SEPA.contains($0[0], $0[1]) }, "\(outside)")
        }
        #expect(withBytes("FR") { SEPA.contains($0[0], $0[1]) })
    }
}
