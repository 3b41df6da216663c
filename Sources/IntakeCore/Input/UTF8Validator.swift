/// Checks one UTF-8 sequence in place (RFC 3629), for the CSV scanner's non-ASCII path.
///
/// Rejects stray continuation bytes, overlong forms (`C0 80`, `E0 80 80`, ...),
/// UTF-16 surrogates (`ED A0 80`...`ED BF BF`), code points above U+10FFFF and the
/// lead bytes that can never appear (`C0`, `C1`, `F5`...`FF`).
package enum UTF8Validator {
    /// Outcome of checking the sequence that starts at a byte >= 0x80.
    ///
    /// Returns its length (2...4) when it is complete and valid, 0 when the `available`
    /// bytes are a valid but incomplete prefix (more input may complete it), and -1
    /// when it is invalid whatever follows.
    @inline(__always)
    package static func sequenceLength(_ bytes: UnsafePointer<UInt8>, available: Int) -> Int {
        let lead = bytes[0]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return -1
        }
        guard available >= 2 else { return 0 }
        let second = bytes[1]
        guard second >= low, second <= high else { return -1 }
        var index = 2
        while index < length {
            guard index < available else { return 0 }
            guard bytes[index] & 0xC0 == 0x80 else { return -1 }
            index += 1
        }
        return length
    }
}
