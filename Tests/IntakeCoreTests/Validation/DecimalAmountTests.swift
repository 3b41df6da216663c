import IntakeKit
import Testing
import IntakeTestSupport

@Suite struct DecimalAmountTests {
    private func parse(_ text: String, scale: Int = 2, decimalComma: Bool = false)
        -> Result<DecimalAmount, DecimalAmount.Problem>
    {
        withBytes(text) { DecimalAmount.parse($0, scale: scale, decimalComma: decimalComma) }
    }

    private func minorUnits(_ text: String, scale: Int = 2, decimalComma: Bool = false) -> Int64? {
        try? parse(text, scale: scale, decimalComma: decimalComma).get().minorUnits
    }

    private func problem(_ text: String, scale: Int = 2, decimalComma: Bool = false)
        -> DecimalAmount.Problem?
    {
        if case .failure(let problem) = parse(text, scale: scale, decimalComma: decimalComma) {
            return problem
        }
        return nil
    }

    @Test func parsesExactMinorUnits() {
        #expect(minorUnits("1234.50") == 123_450)
        #expect(minorUnits("1234.5") == 123_450)
        #expect(minorUnits("1234") == 123_400)
        #expect(minorUnits("0.01") == 1)
        #expect(minorUnits("0.1") == 10)  // exact, no binary floating point
        #expect(minorUnits("+7.25") == 725)
        #expect(minorUnits("007.50") == 750)
        #expect(minorUnits("1200", scale: 0) == 1200)
        #expect(minorUnits("1.2345", scale: 4) == 12_345)
        #expect(minorUnits("0.001", scale: 3) == 1)
    }

    @Test func resultCarriesTheScale() throws {
        let amount = try parse("12.5", scale: 3).get()
        #expect(amount.scale == 3)
        #expect(amount.minorUnits == 12_500)
    }

    @Test func trailingZerosBeyondTheScaleAreAllowed() {
        #expect(minorUnits("12.500") == 1250)
        #expect(minorUnits("12.5000000000000000000000") == 1250)
        #expect(minorUnits("1200.0", scale: 0) == 1200)
        #expect(minorUnits("1200.000", scale: 0) == 1200)
    }

    @Test func tooManyNonZeroDecimalsAreRejected() {
        #expect(problem("12.345") == .tooManyDecimals(allowed: 2))  // EUR
        #expect(problem("12.505") == .tooManyDecimals(allowed: 2))
        #expect(problem("0.001") == .tooManyDecimals(allowed: 2))
        #expect(problem("1200.5", scale: 0) == .tooManyDecimals(allowed: 0))  // JPY
        #expect(problem("1.0001", scale: 3) == .tooManyDecimals(allowed: 3))  // KWD
    }

    @Test func zeroAndNegativeAreNotPositive() {
        for text in ["0.00", "0", "-0", "+0.0", "000.000", "-1.00", "-0.01", "-1200", "-0.001"] {
            #expect(problem(text) == .notPositive, "\(text)")
        }
        #expect(problem("0", scale: 0) == .notPositive)
    }

    @Test func formatIsCheckedBeforeSign() {
        #expect(problem("-abc") == .format)
        #expect(problem("-") == .format)
        #expect(problem("-1.2.3") == .format)
    }

    @Test func malformedTextIsAFormatProblem() {
        let inputs = [
            "", "+", "abc", "1e3", "1E3", "1,000.00", "1 000.00", " 12.00", "12.00 ", "12.",
            ".50", "1..0", "--1", "+-1", "12,50", "1_000", "0x10", "12.5€", "€12.5", "١٢",
            "NaN", "inf", "12.00\n", "1.-5",
        ]
        for input in inputs {
            #expect(problem(input) == .format, "\(input)")
        }
    }

    @Test func decimalCommaSwapsTheSeparator() {
        #expect(minorUnits("12,50", decimalComma: true) == 1250)
        #expect(minorUnits("12", decimalComma: true) == 1200)
        #expect(problem("12.50", decimalComma: true) == .format)
        #expect(problem("1.000,00", decimalComma: true) == .format)
        #expect(problem("12,345", decimalComma: true) == .tooManyDecimals(allowed: 2))
        #expect(problem("-12,50", decimalComma: true) == .notPositive)
    }

    @Test func int64BoundaryIsExact() {
        // Int64.max = 9223372036854775807 minor units.
        #expect(minorUnits("92233720368547758.07") == Int64.max)
        #expect(problem("92233720368547758.08") == .tooLarge)
        #expect(minorUnits("9223372036854775807", scale: 0) == Int64.max)
        #expect(problem("9223372036854775808", scale: 0) == .tooLarge)
    }

    @Test func hugeAmountsAreTooLarge() {
        #expect(problem("99999999999999999999999999999999999999.99") == .tooLarge)
        #expect(problem("100000000000000000") == .tooLarge)  // 10^17 EUR = 10^19 cents
        #expect(problem("1", scale: 19) == .tooLarge)
        #expect(problem("1", scale: 10_000) == .tooLarge)
        #expect(minorUnits("0.0000000000000000001", scale: 19) == 1)
    }

    @Test func formatWinsOverOverflow() {
        #expect(problem("99999999999999999999999999999x") == .format)
        #expect(problem("99999999999999999999999999999.1e") == .format)
    }

    @Test func negativeScaleIsAFormatProblem() {
        #expect(problem("12", scale: -1) == .format)
    }

    @Test func canonicalTextHasExactlyScaleDecimals() throws {
        #expect(try parse("1234.5").get().text == "1234.50")
        #expect(try parse("1200", scale: 0).get().text == "1200")
        #expect(try parse("1200.000", scale: 0).get().text == "1200")
        #expect(try parse("0.05").get().text == "0.05")
        #expect(try parse("007.5").get().text == "7.50")
        #expect(try parse("0.001", scale: 3).get().text == "0.001")
        #expect(try parse("12,3", scale: 4, decimalComma: true).get().text == "12.3000")
        #expect(try parse("92233720368547758.07").get().text == "92233720368547758.07")
        #expect(try parse("1", scale: 18).get().text == "1.000000000000000000")
    }
}
