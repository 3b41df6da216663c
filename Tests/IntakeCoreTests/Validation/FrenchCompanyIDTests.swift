import IntakeKit
import Testing
import IntakeTestSupport

@Suite struct FrenchCompanyIDTests {
    @Test(arguments: ["732829320", "832940670", "542107651", "356000000", "303265045"])
    func validSIREN(_ siren: String) {
        #expect(withBytes(siren) { FrenchCompanyID.validateSIREN($0) } == nil)
    }

    @Test func sirenWithAWrongDigitIsAChecksumProblem() {
        #expect(withBytes("732829321") { FrenchCompanyID.validateSIREN($0) } == .checksum)
        #expect(withBytes("732829230") { FrenchCompanyID.validateSIREN($0) } == .checksum)
    }

    @Test func malformedSIRENIsAFormatProblem() {
        for input in ["", "73282932", "7328293200", "73282932A", "732 829 320", "-73282932", "７32829320"] {
            #expect(withBytes(input) { FrenchCompanyID.validateSIREN($0) } == .format, "\(input)")
        }
    }

    @Test func validSIRET() {
        #expect(withBytes("73282932000074") { FrenchCompanyID.validateSIRET($0) } == nil)
        #expect(withBytes("40483304800022") { FrenchCompanyID.validateSIRET($0) } == nil)
    }

    /// La Poste head office: 3+5+6+4+8 = 26 is not a multiple of 5, but the
    /// number passes Luhn, so it is valid either way.
    @Test func laPosteHeadOfficeSIRETIsValid() {
        #expect(withBytes("35600000000048") { FrenchCompanyID.validateSIRET($0) } == nil)
    }

    /// 35600000049837 fails Luhn but its digits sum to 45, a multiple of 5.
    @Test func laPosteEstablishmentsUseTheSumOfDigitsRule() {
        #expect(withBytes("35600000049837") { FrenchCompanyID.validateSIRET($0) } == nil)
        #expect(withBytes("35600000000010") { FrenchCompanyID.validateSIRET($0) } == nil)
        // Sum 3+5+6+1+2+3+4+5 = 29 and not Luhn: invalid.
        #expect(withBytes("35600000012345") { FrenchCompanyID.validateSIRET($0) } == .checksum)
    }

    @Test func sumOfDigitsRuleOnlyAppliesToLaPoste() {
        // 73282932000072 fails Luhn; its digit sum is 45, a multiple of 5.
        #expect(withBytes("73282932000072") { FrenchCompanyID.validateSIRET($0) } == .checksum)
        #expect(withBytes("73282932000075") { FrenchCompanyID.validateSIRET($0) } == .checksum)
    }

    @Test func malformedSIRETIsAFormatProblem() {
        for input in ["", "7328293200007", "732829320000740", "7328293200007A", "732 829 320 00074"] {
            #expect(withBytes(input) { FrenchCompanyID.validateSIRET($0) } == .format, "\(input)")
        }
    }

    /// key = (12 + 3 × (SIREN mod 97)) mod 97. For 303265045:
    /// 303265045 = 97 × 3126443 + 74, so key = (12 + 3 × 74) mod 97 = 234 mod 97 = 40
    /// -> FR40303265045 (the example usually quoted for French VAT numbers).
    @Test(arguments: ["FR40303265045", "FR44732829320", "FR75832940670", "FR39356000000"])
    func validVATNumber(_ vat: String) {
        #expect(FrenchCompanyID.validateVAT(vat) == nil)
    }

    @Test func wrongVATKeyIsAChecksumProblem() {
        #expect(FrenchCompanyID.validateVAT("FR41303265045") == .checksum)
        #expect(FrenchCompanyID.validateVAT("FR00732829320") == .checksum)
    }

    @Test func vatWithAnInvalidSIRENIsAChecksumProblem() {
        // 732829321 fails Luhn; its key (12 + 3 × (732829321 mod 97)) mod 97 = 47.
        #expect(FrenchCompanyID.validateVAT("FR47732829321") == .checksum)
    }

    @Test func malformedVATIsAFormatProblem() {
        let inputs = [
            "", "FR4030326504", "FR403032650450", "fr40303265045", "DE40303265045",
            "FR 40303265045", "FR40 303 265 045", "FR40303265O45",
            // The key alphabet has no I and no O (stdnum: 'IO334175221' is InvalidFormat).
            "FRIO334175221", "FR4O123456782", "FRk7399859412", "FR-7399859412",
        ]
        for input in inputs {
            #expect(FrenchCompanyID.validateVAT(input) == .format, "\(input)")
        }
    }

    // MARK: python-stdnum's documented examples (fr.siren, fr.siret, fr.tva)

    @Test func stdnumSIRENExamples() {
        #expect(withBytes("552008443") { FrenchCompanyID.validateSIREN($0) } == nil)
        #expect(withBytes("404833048") { FrenchCompanyID.validateSIREN($0) } == nil)
        #expect(withBytes("404833047") { FrenchCompanyID.validateSIREN($0) } == .checksum)
    }

    @Test func stdnumSIRETExamples() {
        #expect(withBytes("73282932000074") { FrenchCompanyID.validateSIRET($0) } == nil)
        #expect(withBytes("73282932000079") { FrenchCompanyID.validateSIRET($0) } == .checksum)
    }

    /// 76548185138218 passes Luhn over its 14 digits, but 765481851 is not a
    /// valid SIREN: a SIRET is a SIREN followed by an establishment number.
    @Test func aSIRETWhoseFirstNineDigitsAreNotASIRENIsInvalid() {
        #expect(withBytes("76548185138218") { Luhn.isValid($0) })
        #expect(withBytes("765481851") { FrenchCompanyID.validateSIREN($0) } == .checksum)
        #expect(withBytes("76548185138218") { FrenchCompanyID.validateSIRET($0) } == .checksum)
    }

    /// INSEE: La Poste's establishments are valid when the sum of the 14
    /// digits is a multiple of 5, Luhn or not; only the head office is
    /// checked by Luhn. 35600000000030 passes Luhn but its digits sum to 17.
    @Test func laPosteEstablishmentsAreNotCheckedByLuhn() {
        #expect(withBytes("35600000000030") { Luhn.isValid($0) })
        #expect(withBytes("35600000000030") { FrenchCompanyID.validateSIRET($0) } == .checksum)
        // The head office: digit sum 26, valid by Luhn.
        #expect(withBytes("35600000000048") { FrenchCompanyID.validateSIRET($0) } == nil)
        #expect(withBytes("35600000000049") { FrenchCompanyID.validateSIRET($0) } == .checksum)
    }

    @Test(arguments: ["FR23334175221", "FRK7399859412", "FR4Z123456782", "FR40303265045"])
    func stdnumVATExamplesAreValid(_ vat: String) {
        #expect(FrenchCompanyID.validateVAT(vat) == nil)
    }

    /// stdnum: '84 323 140 391' is InvalidChecksum; a new-style key with one
    /// wrong character (K7 → K8, 4Z → 4Y) or a key that does not match its SIREN.
    @Test(arguments: ["FR84323140391", "FRK8399859412", "FR4Y123456782", "FRAB303265045", "FR4A303265045"])
    func wrongVATKeysAreChecksumProblems(_ vat: String) {
        #expect(FrenchCompanyID.validateVAT(vat) == .checksum)
    }

    /// Monaco companies' numbers (stdnum: "numbers from Monaco are valid TVA
    /// but not SIREN"): nine digits starting 000, not checked by Luhn.
    @Test func monacoVATNumbersSkipTheSIRENCheck() {
        // key = (123456 × 100 + 12) mod 97 = 34; 000123456 is not Luhn-valid.
        #expect(withBytes("000123456") { FrenchCompanyID.validateSIREN($0) } == .checksum)
        #expect(FrenchCompanyID.validateVAT("FR34000123456") == nil)
        #expect(FrenchCompanyID.validateVAT("FR35000123456") == .checksum)
    }
}
