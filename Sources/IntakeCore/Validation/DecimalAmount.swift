/// An exact, strictly positive money amount in minor units (cents for EUR).
///
/// Parsed straight from bytes into an `Int64`: no `Double`, no `Decimal`, no
/// allocation, so "0.1" is exactly 10 cents.
public struct DecimalAmount: Equatable, Sendable {
    /// Why an amount was rejected. Checks are made in the order of the cases.
    ///
    /// Conforms to `Error` because `Result` requires it of its failure type.
    public enum Problem: Error, Equatable, Sendable {
        /// Not `[+|-]digits[(.|,)digits]`: empty, spaces, exponent ("1e3"),
        /// thousands separators ("1,000.00"), the other decimal separator,
        /// a missing integer part (".5") or a dangling separator ("5.").
        case format
        /// Zero ("0.00") or negative ("-1.00").
        case notPositive
        /// More non-zero fractional digits than the currency has minor units
        /// ("12.345" for EUR). Trailing zeros are fine: "12.500" is 12.50 EUR.
        case tooManyDecimals(allowed: Int)
        /// The amount in minor units does not fit in an `Int64`.
        case tooLarge
    }

    /// The amount in minor units (1234.50 EUR -> 123450). Exact, never a float; always > 0.
    public let minorUnits: Int64
    /// The currency's minor units used, i.e. the number of decimals (EUR 2, JPY 0).
    public let scale: Int

    /// Accepts optional sign, digits, optional '.' (or ',' when decimalComma) and up to `scale` fractional digits.
    ///
    /// At least one digit is required on each side of the separator. Extra
    /// fractional digits beyond `scale` are accepted only when they are zeros
    /// ("12.500" for EUR); "12.505" is `.tooManyDecimals(allowed: 2)`.
    /// Negative or zero -> `.notPositive`, but format is checked first: "-abc"
    /// is `.format`. No exponent, no thousands separators, no spaces. A
    /// negative `scale` is a caller error and gives `.format`.
    /// Allocation-free.
    public static func parse(_ text: Bytes, scale: Int, decimalComma: Bool = false)
        -> Result<DecimalAmount, Problem>
    {
        guard scale >= 0 else { return .failure(.format) }
        let separator = decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        let count = text.count
        var index = 0
        var negative = false
        if count > 0, text[0] == UInt8(ascii: "-") || text[0] == UInt8(ascii: "+") {
            negative = text[0] == UInt8(ascii: "-")
            index = 1
        }
        var value: Int64 = 0
        var overflow = false
        var nonZero = false

        let integerStart = index
        while index < count, ASCIIScan.isDigit(text[index]) {
            let digit = text[index] &- 48
            nonZero = nonZero || digit != 0
            accumulate(digit, into: &value, overflow: &overflow)
            index += 1
        }
        guard index > integerStart else { return .failure(.format) }

        var fractionDigits = 0
        var excessNonZero = false
        if index < count {
            guard text[index] == separator else { return .failure(.format) }
            index += 1
            let fractionStart = index
            while index < count, ASCIIScan.isDigit(text[index]) {
                let digit = text[index] &- 48
                nonZero = nonZero || digit != 0
                if fractionDigits < scale {
                    accumulate(digit, into: &value, overflow: &overflow)
                    fractionDigits += 1
                } else if digit != 0 {
                    excessNonZero = true
                }
                index += 1
            }
            guard index > fractionStart, index == count else { return .failure(.format) }
        }

        guard nonZero, !negative else { return .failure(.notPositive) }
        guard !excessNonZero else { return .failure(.tooManyDecimals(allowed: scale)) }
        // Pad the missing decimals ("12.5" for EUR -> 1250). `value` is non-zero
        // here, so a huge `scale` overflows within 19 rounds and stops the loop.
        while fractionDigits < scale, !overflow {
            accumulate(0, into: &value, overflow: &overflow)
            fractionDigits += 1
        }
        guard !overflow else { return .failure(.tooLarge) }
        return .success(DecimalAmount(minorUnits: value, scale: scale))
    }

    /// Canonical text with exactly `scale` decimals: "1234.50", "1200" for scale 0.
    ///
    /// Always '.' as the separator, no sign, no thousands separators, at least
    /// one integer digit ("0.05").
    public var text: String {
        let digits = String(minorUnits.magnitude)
        let sign = minorUnits < 0 ? "-" : ""
        guard scale > 0 else { return sign + digits }
        let padded =
            digits.utf8.count > scale
            ? digits : String(repeating: "0", count: scale + 1 - digits.utf8.count) + digits
        let split = padded.index(padded.endIndex, offsetBy: -scale)
        return sign + padded[..<split] + "." + padded[split...]
    }

    @inline(__always)
    private static func accumulate(_ digit: UInt8, into value: inout Int64, overflow: inout Bool) {
        guard !overflow else { return }
        let (times10, o1) = value.multipliedReportingOverflow(by: 10)
        let (sum, o2) = times10.addingReportingOverflow(Int64(digit))
        if o1 || o2 { overflow = true } else { value = sum }
    }
}
