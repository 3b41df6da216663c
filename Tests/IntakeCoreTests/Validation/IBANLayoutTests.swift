import IntakeKit
import Testing
import IntakeTestSupport

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

    /// Every country of the registry (``registryRelease``), compared with
    /// Intake's table: the same prefixes, each IBAN's length, and at every
    /// BBAN position the kind the registry gives (`n` refuses a letter, `a`
    /// a digit, `c` takes both), on a BBAN built from the structure alone.
    @Test func everyCountryFollowsTheSWIFTRegistry() {
        var prefixes = 0
        for first in UInt8(ascii: "A")...UInt8(ascii: "Z") {
            for second in UInt8(ascii: "A")...UInt8(ascii: "Z") {
                let country = String(decoding: [first, second], as: UTF8.self)
                #expect((IBAN.length(country: country) != nil) == (registryBBANLayouts[country] != nil), "\(country)")
                if IBAN.length(country: country) != nil { prefixes += 1 }
            }
        }
        #expect(prefixes == registryBBANLayouts.count)
        for (country, layout) in registryBBANLayouts.sorted(by: { $0.key < $1.key }) {
            let kinds = positions(of: layout)
            #expect(IBAN.length(country: country) == kinds.count + 4, "\(country) \(layout)")
            let shaped = kinds.map { $0 == "a" ? Character("B") : Character("7") }
            for (offset, kind) in kinds.enumerated() {
                for probe: Character in ["7", "B"] {
                    var bban = shaped
                    bban[offset] = probe
                    let text = country + "00" + String(bban)
                    let refused = withBytes(text) { IBAN.validate($0) }
                    let wanted: IBAN.Problem = switch (kind, probe) {
                    case ("n", "B"): .layout(position: offset + 5, expected: .digit)
                    case ("a", "7"): .layout(position: offset + 5, expected: .letter)
                    default: .checksum
                    }
                    #expect(refused == wanted, "\(text) against \(country) \(layout) (\(registryRelease))")
                }
            }
        }
    }

    /// Brazil's bank code is 8 digits and the account type a letter
    /// (`8!n5!n10!n1!a1!c`): a letter in the bank code is refused although
    /// the check digits are right; the registry's example passes.
    @Test func brazilsBankCodeIsEightDigits() {
        #expect(referenceIBANRemainder("BR54A0360305000010009795493C1") == 1)
        #expect(withBytes("BR54A0360305000010009795493C1") { IBAN.validate($0) } == .layout(position: 5, expected: .digit))
        #expect(withBytes("BR1800360305000010009795493C1") { IBAN.validate($0) } == nil)
        #expect(registryBBANLayouts["BR"] == "8!n5!n10!n1!a1!c")
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
