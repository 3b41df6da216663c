import Testing

@testable import IntakeFormats
@testable import IntakeKit
import IntakeTestSupport

/// Zero-padded number formats, as Excel shows whole numbers through them
/// (Microsoft: "Keep leading zeros in number codes", and the number format
/// code reference: `0` shows insignificant zeros, `#` does not; sections are
/// positive;negative;zero;text).
@Suite struct XLSXZeroPaddingTests {
    private func shown(_ code: String, _ number: String) -> String? {
        guard let padding = XLSXZeroPadding(Array(code.utf8)) else { return "no padding" }
        let value = Array(number.utf8).withUnsafeBufferPointer { XLSXDecimal($0) }
        guard let value else { return "not a number" }
        var out: [UInt8] = []
        guard padding.append(value, to: &out) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func zerosPadAndExtraDigitsAreKept() {
        #expect(shown("000000", "123") == "000123")
        #expect(shown("000000000000", "901138599") == "000901138599")
        #expect(shown("00000", "1234567") == "1234567")
        #expect(shown("00000", "0") == "00000")
        #expect(shown("##000", "12") == "012")
        #expect(shown("##000", "123456") == "123456")
        #expect(shown("000000000000", "1.2345E+11") == "123450000000")
        #expect(shown("000000000000", "901138599.0") == "000901138599")
    }

    @Test func literalTextIsShownAroundTheDigits() {
        #expect(shown("\"FR\"00000000000", "44732829320") == "FR44732829320")
        #expect(shown("00000-0000", "123456789") == "12345-6789")
        #expect(shown("00000-0000", "2134") == "00000-2134")
        #expect(shown("000\\-000", "1234") == "001-234")
        #expect(shown("000 000 000", "12345678") == "012 345 678")
        #expect(shown("\"N° \"000000", "42") == "N° 000042")
        #expect(shown("[Blue]000000", "42") == "000042")
        #expect(shown("[$-409]00000", "42") == "00042")
    }

    @Test func sectionsPickPositiveNegativeAndZero() {
        #expect(shown("000000;-000000", "-42") == "-000042")
        #expect(shown("000000;(000000)", "-42") == "(000042)")
        #expect(shown("000000", "-42") == "-000042")
        #expect(shown("000000000;[Red]-000000000;\"none\"", "11000015") == "011000015")
        #expect(shown("000000000;[Red]-000000000;\"none\"", "0") == nil, "a zero section without digits hides the number")
        #expect(shown("00000;;", "0") == nil)
        #expect(shown("00000;-00000;00000;@", "7") == "00007")
    }

    @Test func formatsThatPadNothingOrAreNotHandledAreNone() {
        for code in ["General", "0", "#", "#,##0", "0.00", "000.0", "0%", "0.00E+00", "# ?/?", "00?", "@", "yyyy-mm-dd",
                     "[>99999]000000", "[$€-407]00000", "_(000000", "*000000", "\"unterminated", "[Red"]
        {
            #expect(shown(code, "42") == "no padding", "\(code)")
        }
    }

    @Test func fractionsAndHugeNumbersAreNotPadded() {
        #expect(shown("000000", "42.5") == nil)
        #expect(shown("000000", "1E+40") == nil, "41 digits")
        #expect(shown("000000", "1E+39") == "1" + String(repeating: "0", count: 39))
    }
}
