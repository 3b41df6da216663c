import IntakeKit
import Testing
import IntakeTestSupport

@Suite struct IBANTests {
    @Test(arguments: registryExampleIBANs)
    func registryExampleIsValid(_ iban: String) {
        #expect(withBytes(iban) { IBAN.validate($0) } == nil)
        #expect(IBAN.length(country: String(iban.prefix(2))) == iban.utf8.count)
    }

    /// Independent check of the vectors themselves, so that a wrong published
    /// example cannot make a wrong implementation look right.
    @Test(arguments: registryExampleIBANs)
    func registryExamplePassesIndependentReferenceComputation(_ iban: String) {
        #expect(referenceIBANRemainder(iban) == 1)
    }

    @Test(arguments: registryExampleIBANs)
    func flippedCheckDigitIsAChecksumProblem(_ iban: String) {
        let flipped = flippingCheckDigit(iban)
        #expect(flipped != iban)
        #expect(referenceIBANRemainder(flipped) != 1)
        #expect(withBytes(flipped) { IBAN.validate($0) } == .checksum)
    }

    /// Worked by hand (piece-wise MOD 97-10, ISO 7064):
    /// GB29NWBK60161331926819 -> rearranged NWBK60161331926819GB29
    /// -> N=23 W=32 B=11 K=20 ... G=16 B=11 -> 2332112060161331926819161129
    ///   233211206 mod 97 = 23   (97 × 2404239 = 233211183)
    ///   230161331 mod 97 = 22
    ///   229268191 mod 97 = 58
    ///     5861129 mod 97 = 1    -> valid.
    /// With check digits 28 the last piece is 5861128 -> 0 -> invalid.
    @Test func handComputedBritishExample() {
        #expect(referenceIBANRemainder("GB29NWBK60161331926819") == 1)
        #expect(referenceIBANRemainder("GB28NWBK60161331926819") == 0)
        #expect(withBytes("GB29NWBK60161331926819") { IBAN.validate($0) } == nil)
        #expect(withBytes("GB28NWBK60161331926819") { IBAN.validate($0) } == .checksum)
    }

    @Test func registryHasExactlyTheEightyNineExampleCountries() {
        var countries: [String] = []
        for first in UInt8(ascii: "A")...UInt8(ascii: "Z") {
            for second in UInt8(ascii: "A")...UInt8(ascii: "Z") {
                let code = String(decoding: [first, second], as: UTF8.self)
                if IBAN.length(country: code) != nil { countries.append(code) }
            }
        }
        #expect(countries.count == 89)
        #expect(countries == registryExampleIBANs.map { String($0.prefix(2)) })
    }

    @Test func registryLengthsOfWellKnownCountries() {
        let expected: [String: Int] = [
            "FR": 27, "DE": 22, "GB": 22, "IT": 27, "ES": 24, "NL": 18, "BE": 16, "CH": 21,
            "MT": 31, "NO": 15, "SC": 31, "LC": 32, "RU": 33, "EG": 29, "SO": 23, "LY": 25,
            "SD": 18, "BI": 27, "DJ": 27, "MN": 20, "NI": 28, "FK": 18, "OM": 23, "YE": 30,
            "FO": 18, "GL": 18, "HN": 28, "XK": 20,
        ]
        for (country, length) in expected {
            #expect(IBAN.length(country: country) == length, "\(country)")
        }
    }

    @Test func lengthIsNilForCountriesWithoutIBANAndMalformedCodes() {
        for code in ["US", "CA", "JP", "CN", "AU", "GF", "JE", "AX", "fr", "Fr", "FRA", "F", ""] {
            #expect(IBAN.length(country: code) == nil, "\(code)")
        }
    }

    @Test func everyIBANPrefixIsAnAssignedCountryCode() {
        for iban in registryExampleIBANs {
            #expect(withBytes(String(iban.prefix(2))) { Country.isAlpha2($0) }, "\(iban)")
        }
    }

    @Test func territoriesUsingTheirParentPrefixAreUnknownCountries() {
        // French overseas departments use FR, Jersey uses GB, Åland uses FI.
        #expect(withBytes("GF1420041010050500013M02606") { IBAN.validate($0) } == .unknownCountry)
        #expect(withBytes("JE29NWBK60161331926819") { IBAN.validate($0) } == .unknownCountry)
        #expect(withBytes("AX2112345600000785") { IBAN.validate($0) } == .unknownCountry)
    }

    @Test func nonElectronicCharactersAreACharactersProblem() {
        let inputs = [
            "", "F", "fr1420041010050500013M02606", "FR14 2004 1010 0505 0001 3M02 606",
            "FR1420041010050500013m02606", "FR14-20041010050500013M02606", "12FR20041010050500013",
            "FRAB20041010050500013M02606", "F11420041010050500013M02606",
            "FR1420041010050500013M0260\u{E9}", "FR1420041010050500013M02606\n",
        ]
        for input in inputs {
            #expect(withBytes(input) { IBAN.validate($0) } == .characters, "\(input)")
        }
    }

    @Test func prefixOutsideTheRegistryIsAnUnknownCountry() {
        #expect(withBytes("US64SVBKUS6S3300958879") { IBAN.validate($0) } == .unknownCountry)
        #expect(withBytes("ZZ68539007547034") { IBAN.validate($0) } == .unknownCountry)
    }

    @Test func wrongLengthReportsTheRegistryLength() {
        #expect(withBytes("FR") { IBAN.validate($0) } == .length(expected: 27))
        #expect(withBytes("FR142004101005050001") { IBAN.validate($0) } == .length(expected: 27))
        #expect(withBytes("DE8937040044053201300") { IBAN.validate($0) } == .length(expected: 22))
        #expect(withBytes("DE893704004405320130000") { IBAN.validate($0) } == .length(expected: 22))
        #expect(withBytes("NO93860111179470") { IBAN.validate($0) } == .length(expected: 15))
    }

    /// Check digits 00, 01 and 99 are congruent to 97, 98 and 02 mod 97, so
    /// they pass the bare MOD 97 test, but ISO 13616 only issues 02...98.
    /// The first IBAN of each pair is valid (computed with big integers).
    @Test func checkDigitsOutsideTwoToNinetyEightAreRejected() {
        let pairs = [
            ("DE02370400440000000024", "DE99370400440000000024"),
            ("DE97370400440000000060", "DE00370400440000000060"),
            ("DE98370400440000000042", "DE01370400440000000042"),
        ]
        for (valid, aliased) in pairs {
            #expect(referenceIBANRemainder(aliased) == 1)
            #expect(withBytes(valid) { IBAN.validate($0) } == nil)
            #expect(withBytes(aliased) { IBAN.validate($0) } == .checksum)
        }
    }

    @Test func substitutionAndTranspositionInTheAccountAreDetected() {
        #expect(withBytes("DE89370400440532013001") { IBAN.validate($0) } == .checksum)
        #expect(withBytes("DE89370400440532031000") { IBAN.validate($0) } == .checksum)
        #expect(withBytes("NL91ABNA0417164301") { IBAN.validate($0) } == .checksum)
        #expect(withBytes("NL91ABAN0417164300") { IBAN.validate($0) } == .checksum)
        #expect(withBytes("FR1420041010050500013N02606") { IBAN.validate($0) } == .checksum)
    }

    @Test func validatesAFieldInsideALargerRowWithoutReadingPastIt() {
        let row = Array("x;DE89370400440532013000;EUR".utf8)
        let result = row.withUnsafeBufferPointer { buffer in
            IBAN.validate(Bytes(rebasing: buffer[2..<24]))
        }
        #expect(result == nil)
        let tooLong = row.withUnsafeBufferPointer { IBAN.validate(Bytes(rebasing: $0[2..<25])) }
        #expect(tooLong == .characters)
    }

    @Test func electronicFormatStripsSpacesAndUppercases() {
        let printed = "fr76 3000 6000 0112 3456 7890 189"
        let electronic = IBAN.electronicFormat(printed)
        #expect(electronic == "FR7630006000011234567890189")
        #expect(withBytes(electronic) { IBAN.validate($0) } == nil)
    }

    @Test func electronicFormatRemovesUnicodeSpacesFromExports() {
        // Tab, no-break space and narrow no-break space, as spreadsheets and PDFs emit them.
        let printed = "\tNL91\u{00A0}ABNA\u{202F}0417 1643 00 \n"
        #expect(IBAN.electronicFormat(printed) == "NL91ABNA0417164300")
        #expect(IBAN.electronicFormat("") == "")
    }

    @Test func electronicFormatDoesNotTransliterateNonASCII() {
        // Only ASCII is uppercased: "ß" must not become "SS", "é" stays and is rejected.
        #expect(IBAN.electronicFormat("de89 ß") == "DE89ß")
        let text = IBAN.electronicFormat("fr14 2004 1010 0505 0001 3m02 60é")
        #expect(text == "FR1420041010050500013M0260é")
        #expect(withBytes(text) { IBAN.validate($0) } == .characters)
    }
}
