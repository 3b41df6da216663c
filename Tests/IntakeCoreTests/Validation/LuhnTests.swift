import IntakeKit
import Testing
import IntakeTestSupport

@Suite struct LuhnTests {
    @Test(arguments: ["0", "00", "18", "79927398713", "4539578763621486", "732829320", "73282932000074"])
    func validNumbersPass(_ digits: String) {
        #expect(withBytes(digits) { Luhn.isValid($0) })
    }

    @Test(arguments: ["1", "79927398710", "79927398711", "4539578763621487", "732829321"])
    func wrongCheckDigitFails(_ digits: String) {
        #expect(!withBytes(digits) { Luhn.isValid($0) })
    }

    @Test func emptyOrNonDigitInputFails() {
        for input in ["", " ", "7992739871a", "7992 7398 713", "-18", "١٨"] {
            #expect(!withBytes(input) { Luhn.isValid($0) }, "\(input)")
        }
    }

    @Test func adjacentTranspositionIsDetected() {
        // 79927398713 valid; swapping "98" -> "89" changes the sum.
        #expect(!withBytes("79927389713") { Luhn.isValid($0) })
    }
}
