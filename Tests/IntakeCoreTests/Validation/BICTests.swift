import IntakeKit
import Testing
import IntakeTestSupport

@Suite struct BICTests {
    @Test(arguments: [
        "DEUTDEFF", "DEUTDEFF500", "BNPAFRPP", "BNPAFRPPXXX", "NWBKGB2L", "COBADEFFXXX",
        "UBSWCHZH80A", "RZTIAT22263", "NEDSZAJJ", "TEBKXKPR",  // XK (Kosovo) is accepted
        "DEUTDEF0", "DEUTDEFF0A1",  // location and branch may hold digits
    ])
    func wellFormedBICIsValid(_ bic: String) {
        #expect(withBytes(bic) { BIC.validate($0) } == nil)
    }

    @Test(arguments: ["", "DEUT", "DEUTDEF", "DEUTDEFF5", "DEUTDEFF50", "DEUTDEFF5000", "DEUTDEFFXXXX"])
    func lengthOtherThanEightOrElevenIsALengthProblem(_ bic: String) {
        #expect(withBytes(bic) { BIC.validate($0) } == .length)
    }

    @Test func lowercaseIsAFormatProblem() {
        #expect(withBytes("deutdeff") { BIC.validate($0) } == .format)
        #expect(withBytes("DEUTdeFF") { BIC.validate($0) } == .format)
        #expect(withBytes("DEUTDEFFxxx") { BIC.validate($0) } == .format)
    }

    @Test func digitsInTheCountryAreAFormatProblem() {
        #expect(withBytes("DEUT12FF") { BIC.validate($0) } == .format)
        #expect(withBytes("DEUTD3FF") { BIC.validate($0) } == .format)
    }

    @Test func digitsOrPunctuationInTheInstitutionAreAFormatProblem() {
        #expect(withBytes("1EUTDEFF") { BIC.validate($0) } == .format)
        #expect(withBytes("DE-TDEFF") { BIC.validate($0) } == .format)
        #expect(withBytes("DEUT DEFF") { BIC.validate($0) } == .length)
        #expect(withBytes("DEUTDEF ") { BIC.validate($0) } == .format)
        #expect(withBytes("DEUTDEFF50-") { BIC.validate($0) } == .format)
        #expect(withBytes("DÉUTDEF") { BIC.validate($0) } == .format)  // 8 bytes, non-ASCII
    }

    @Test func unassignedCountryIsAnUnknownCountry() {
        #expect(withBytes("DEUTZZFF") { BIC.validate($0) } == .unknownCountry)
        #expect(withBytes("DEUTUKFF") { BIC.validate($0) } == .unknownCountry)  // reserved, not assigned
        #expect(withBytes("DEUTEUFFXXX") { BIC.validate($0) } == .unknownCountry)
    }

    @Test func countryReturnsLettersFiveAndSix() {
        let country = withBytes("BNPAFRPPXXX") { BIC.country($0) }
        #expect(country?.0 == UInt8(ascii: "F"))
        #expect(country?.1 == UInt8(ascii: "R"))
        let short = withBytes("DEUTDE") { BIC.country($0) }
        #expect(short?.0 == UInt8(ascii: "D") && short?.1 == UInt8(ascii: "E"))
    }

    @Test func countryIsNilWhenTooShortOrNotLetters() {
        #expect(withBytes("DEUTD") { BIC.country($0) } == nil)
        #expect(withBytes("") { BIC.country($0) } == nil)
        #expect(withBytes("DEUT12FF") { BIC.country($0) } == nil)
        #expect(withBytes("DEUTdeFF") { BIC.country($0) } == nil)
    }
}
