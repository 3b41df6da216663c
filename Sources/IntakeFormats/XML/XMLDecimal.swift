import IntakeCore
import IntakeSystem
/// Exact decimal amounts for the pain.001 control sums: an `Int128` count of
/// 10^-5 units (pain.001 amounts have at most five decimals). Never a float, so
/// `30.5` and `30.50` are the same number.
enum XMLDecimal {
    /// Decimals kept.
    static let scale = 5

    /// Parses `[+|-]digits[.digits]` (at most five non-zero decimals after
    /// trimming whitespace); nil for anything else (empty, exponent, commas, too large).
    static func parse(_ text: UnsafeBufferPointer<UInt8>) -> Int128? {
        let text = XMLFieldTable.trimmed(text)
        var index = 0
        var negative = false
        if let first = text.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            index = 1
        }
        var value: Int128 = 0
        let limit: Int128 = Int128(1) << 120
        let integerStart = index
        while index < text.count, text[index] &- 0x30 < 10 {
            value = value * 10 + Int128(text[index] &- 0x30)
            guard value < limit else { return nil }
            index += 1
        }
        guard index > integerStart else { return nil }
        var decimals = 0
        if index < text.count {
            guard text[index] == UInt8(ascii: ".") else { return nil }
            index += 1
            let fractionStart = index
            while index < text.count, text[index] &- 0x30 < 10 {
                let digit = Int128(text[index] &- 0x30)
                if decimals < scale {
                    value = value * 10 + digit
                    decimals += 1
                } else if digit != 0 {
                    return nil
                }
                index += 1
            }
            guard index > fractionStart, index == text.count else { return nil }
        }
        while decimals < scale {
            value *= 10
            decimals += 1
        }
        return negative ? -value : value
    }

    /// Parses a byte array, like the buffer overload.
    static func parse(_ bytes: [UInt8]) -> Int128? {
        bytes.withUnsafeBufferPointer { parse($0) }
    }

    /// Text with at least two decimals and no trailing zeros beyond them: `30.50`, `0.12345`.
    static func text(_ value: Int128) -> String {
        let magnitude = value.magnitude
        let unit = UInt128(100_000)
        var fraction = String(magnitude % unit)
        fraction = String(repeating: "0", count: scale - fraction.count) + fraction
        while fraction.count > 2 && fraction.hasSuffix("0") { fraction.removeLast() }
        return (value < 0 ? "-" : "") + String(magnitude / unit) + "." + fraction
    }

    /// Parses a non-negative whole number of at most 15 digits (`NbOfTxs`).
    static func count(_ bytes: [UInt8]) -> Int? {
        let text = bytes.withUnsafeBufferPointer { Array(XMLFieldTable.trimmed($0)) }
        guard !text.isEmpty, text.count <= 15 else { return nil }
        var value = 0
        for byte in text {
            guard byte &- 0x30 < 10 else { return nil }
            value = value * 10 + Int(byte &- 0x30)
        }
        return value
    }
}
