import IntakeKit
import Testing

/// The BBAN layout of each country in the SWIFT IBAN Registry, and the
/// territories that use a parent's IBAN.
@Suite struct IBANLayoutTests {
    /// The issue's example: its check digits are right (the reference
    /// remainder is 1), but the registry's GB layout `4!a6!n8!n` wants a digit
    /// where the `A` stands, the 20th character.
    @Test func aLetterWhereTheLayoutWantsADigitIsRefused() {
        #expect(referenceIBANRemainder("GB12BARC20201530093A59") == 1)
        #expect(withBytes("GB12BARC20201530093A59") { IBAN.validate($0) } == .layout(position: 20, expected: .digit))
        // A digit where the bank code's letters stand.
        #expect(referenceIBANRemainder("GB2712RC60161331926819") != nil)
        #expect(withBytes("GB2712RC60161331926819") { IBAN.validate($0) } == .layout(position: 5, expected: .letter))
    }

    @Test func everyCountryOfTheRegistryHasALayoutOfItsLength() {
        #expect(registryBBANLayouts.count == registryExampleIBANs.count)
        for iban in registryExampleIBANs {
            let country = String(iban.prefix(2))
            guard let layout = registryBBANLayouts[country] else {
                Testing.Issue.record("no layout for \(country)")
                continue
            }
            #expect(positions(of: layout).count + 4 == IBAN.length(country: country), "\(country) \(layout)")
        }
    }

    /// Every registry example passes its layout (`registryExampleIsValid`), and
    /// every position of every country refuses the wrong kind of character:
    /// a letter where a digit is due, a digit where a letter is.
    @Test(arguments: registryExampleIBANs)
    func everyPositionOfTheLayoutIsChecked(_ example: String) throws {
        let layout = try #require(registryBBANLayouts[String(example.prefix(2))])
        var characters = Array(example)
        for (offset, kind) in positions(of: layout).enumerated() where kind != "c" {
            let index = 4 + offset
            let original = characters[index]
            characters[index] = kind == "n" ? "A" : "0"
            let expected: IBAN.CharacterKind = kind == "n" ? .digit : .letter
            #expect(withBytes(String(characters)) { IBAN.validate($0) } == .layout(position: index + 1, expected: expected),
                    "\(String(characters)) against \(layout)")
            characters[index] = original
        }
    }

    @Test func territoriesTakeTheirParentsIBAN() {
        let parents = [
            "GF": "FR", "GP": "FR", "MQ": "FR", "RE": "FR", "YT": "FR", "PM": "FR", "BL": "FR", "MF": "FR",
            "NC": "FR", "PF": "FR", "WF": "FR", "TF": "FR", "IM": "GB", "JE": "GB", "GG": "GB", "AX": "FI",
        ]
        for (territory, parent) in parents {
            #expect(IBAN.prefix(country: territory) == parent, "\(territory)")
            #expect(IBAN.length(country: territory) == nil, "\(territory) has no IBAN prefix of its own")
        }
        #expect(IBAN.prefix(country: "FR") == "FR")
        #expect(IBAN.prefix(country: "DE") == "DE")
        for code in ["US", "CA", "fr", "FRA", "", "ZZ"] {
            #expect(IBAN.prefix(country: code) == nil, "\(code)")
        }
    }
}
