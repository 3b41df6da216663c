import IntakeCore
import IntakeSystem
/// A cell's number as Excel shows it: the decimal text of its `<v>` rounded to
/// 15 significant digits (Excel's precision), half away from zero, read and
/// written as decimal digits only — never through a binary float — so
/// `19.989999999999998` is `19.99` and `0.30000000000000004` is `0.3`.
///
/// The value is `mantissa × 10^(point − digitCount)`: `mantissa` holds at most 15
/// digits without trailing zeros. Allocation-free.
struct XLSXDecimal: Equatable {
    var negative: Bool
    /// The significant digits as an integer (0 for zero).
    var mantissa: UInt64
    /// How many digits `mantissa` has (0 for zero).
    var digitCount: Int
    /// Where the decimal point is, counted in digits from the mantissa's first digit.
    var point: Int

    static let significantDigits = 15
    /// Exponents beyond this are not numbers a workbook holds (doubles end near 10^308).
    static let maxExponent = 400

    /// Parses `[+-]digits[.digits][(e|E)[+-]digits]`; nil for anything else.
    init?(_ text: UnsafeBufferPointer<UInt8>) {
        var index = 0
        negative = false
        if index < text.count && (text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+")) {
            negative = text[index] == UInt8(ascii: "-")
            index += 1
        }
        var mantissa: UInt64 = 0
        var taken = 0
        var point = 0
        var seenPoint = false
        var sawDigit = false
        var roundUp = false
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
            } else if byte &- 0x30 < 10 {
                sawDigit = true
                let digit = UInt64(byte &- 0x30)
                if taken == 0 && digit == 0 {
                    if seenPoint { point -= 1 }
                } else {
                    if taken < Self.significantDigits {
                        mantissa = mantissa * 10 + digit
                        taken += 1
                    } else if taken == Self.significantDigits {
                        roundUp = digit >= 5
                        taken += 1
                    }
                    if !seenPoint { point += 1 }
                }
            } else {
                break
            }
            index += 1
        }
        guard sawDigit else { return nil }
        if index < text.count {
            guard text[index] | 0x20 == UInt8(ascii: "e") else { return nil }
            index += 1
            var exponentNegative = false
            if index < text.count && (text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+")) {
                exponentNegative = text[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponent = 0
            var exponentDigits = 0
            while index < text.count && text[index] &- 0x30 < 10 {
                exponent = min(exponent * 10 + Int(text[index] &- 0x30), 100_000)
                exponentDigits += 1
                index += 1
            }
            guard exponentDigits > 0, index == text.count else { return nil }
            point += exponentNegative ? -exponent : exponent
        }
        var count = min(taken, Self.significantDigits)
        if roundUp {
            mantissa += 1
            if mantissa == 1_000_000_000_000_000 {
                mantissa = 100_000_000_000_000
                point += 1
            }
        }
        while mantissa != 0 && mantissa % 10 == 0 {
            mantissa /= 10
            count -= 1
        }
        if mantissa == 0 {
            count = 0
            point = 0
            negative = false
        }
        guard abs(point) <= Self.maxExponent else { return nil }
        self.mantissa = mantissa
        self.digitCount = count
        self.point = point
    }

    /// Appends the plain decimal text (`-0.001`, `123456789012345000`, never an exponent).
    func append(to out: inout [UInt8]) {
        guard mantissa != 0 else {
            out.append(UInt8(ascii: "0"))
            return
        }
        if negative { out.append(UInt8(ascii: "-")) }
        var digits: (UInt64, Int) = (mantissa, digitCount)
        var divisor: UInt64 = 1
        for _ in 1..<digits.1 { divisor *= 10 }
        if point <= 0 {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "."))
            for _ in 0..<(-point) { out.append(UInt8(ascii: "0")) }
        }
        var position = 0
        while digits.1 > 0 {
            if position == point && point > 0 { out.append(UInt8(ascii: ".")) }
            out.append(UInt8(ascii: "0") + UInt8(digits.0 / divisor))
            digits.0 %= divisor
            divisor /= 10
            digits.1 -= 1
            position += 1
        }
        while position < point {
            out.append(UInt8(ascii: "0"))
            position += 1
        }
    }

    /// The whole part and the fraction in seconds of a day (rounded half up,
    /// 0...86400), for dates; nil when negative or too large for a date.
    func daysAndSeconds() -> (days: Int, seconds: Int)? {
        guard !negative else { return nil }
        guard mantissa != 0 else { return (0, 0) }
        guard point <= 9 else { return nil }
        var value = mantissa
        var scale = digitCount - point
        if scale <= 0 {
            for _ in 0..<(-scale) { value *= 10 }
            return (Int(value), 0)
        }
        while scale > 18 {
            value /= 10
            scale -= 1
        }
        var power: UInt64 = 1
        for _ in 0..<scale { power *= 10 }
        let days = Int(value / power)
        let fraction = value % power
        let product = fraction.multipliedFullWidth(by: 86_400)
        let (quotient, remainder) = power.dividingFullWidth(product)
        let seconds = Int(quotient) + (remainder >= power - remainder ? 1 : 0)
        return (days, seconds)
    }
}
