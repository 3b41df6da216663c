/// Amounts with thousands separators (`12 500,00`, `12.500,00`, `12'500.00`).
extension DecimalAmount {
    /// Longest amount text accepted with separators (bytes); longer is `.format`.
    package static let maxGroupedLength = 64

    /// `text` parsed as ``parse(_:scale:decimalComma:)`` does, after removing
    /// `thousands` separators from its integer part. Separators must group the
    /// digits by three from the decimal separator (`1 250 000`, not `12 50 000`);
    /// an amount with no separator at all is accepted too. Allocation-free.
    public static func parse(
        _ text: Bytes, scale: Int, decimalComma: Bool, thousands: ThousandsSeparator
    ) -> Result<DecimalAmount, Problem> {
        guard text.count <= maxGroupedLength else { return .failure(.format) }
        let decimal = decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxGroupedLength) { buffer in
            var written = 0
            var index = 0
            var digitsInGroup = 0
            var sawSeparator = false
            var firstGroup = true
            while index < text.count {
                let byte = text[index]
                if byte == decimal { break }
                let length = thousands.length(in: text, at: index)
                if length > 0 {
                    // A group before a separator: 1 to 3 digits first, exactly 3 afterwards.
                    guard digitsInGroup > 0, digitsInGroup <= 3, firstGroup || digitsInGroup == 3 else {
                        return .failure(.format)
                    }
                    sawSeparator = true
                    firstGroup = false
                    digitsInGroup = 0
                    index += length
                    continue
                }
                if ASCIIScan.isDigit(byte) { digitsInGroup += 1 }
                buffer[written] = byte
                written += 1
                index += 1
            }
            if sawSeparator && digitsInGroup != 3 { return .failure(.format) }
            while index < text.count {
                buffer[written] = text[index]
                written += 1
                index += 1
            }
            return parse(UnsafeBufferPointer(rebasing: buffer[0..<written]), scale: scale, decimalComma: decimalComma)
        }
    }
}
