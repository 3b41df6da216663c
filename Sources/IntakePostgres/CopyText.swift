import IntakeCore
import IntakeSystem
/// An encoder for the text format of `COPY … FROM STDIN`, appending to a byte
/// buffer: fields separated by ``fieldSeparator`` (tab), rows ended by
/// ``rowEnd`` (newline), `\N` for NULL.
///
/// See <https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.2>.
/// A field's backslash, tab, newline and carriage return are escaped (`\\`,
/// `\t`, `\n`, `\r`). PostgreSQL text can hold neither a NUL byte nor invalid
/// UTF-8, so a NUL and each maximal invalid UTF-8 subpart become U+FFFD
/// (`EF BF BD`) — the same replacement as Swift's `String(decoding:as:)`;
/// valid UTF-8 passes unchanged, byte for byte. A field is therefore never
/// refused by the server for its encoding.
public enum CopyText {
    /// Between two fields of a row.
    public static let fieldSeparator = UInt8(ascii: "\t")
    /// After the last field of a row.
    public static let rowEnd = UInt8(ascii: "\n")
    /// U+FFFD in UTF-8.
    package static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// Appends one field: `\N` for `nil`, else the bytes escaped and made valid UTF-8.
    public static func appendField(_ bytes: UnsafeBufferPointer<UInt8>?, to buffer: inout [UInt8]) {
        guard let bytes else {
            buffer.append(UInt8(ascii: "\\"))
            buffer.append(UInt8(ascii: "N"))
            return
        }
        appendValidUTF8(bytes, escaping: true, to: &buffer)
    }

    /// Appends `bytes` as valid UTF-8 without NUL: each NUL and each maximal
    /// invalid subpart becomes U+FFFD. With `escaping`, backslash, tab, newline
    /// and carriage return are also escaped for the text format (the binary
    /// format, ``CopyBinary``, takes them as they are).
    @inline(__always)
    package static func appendValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>, escaping: Bool, to buffer: inout [UInt8]) {
        var runStart = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 && (escaping ? byte >= 0x20 && byte != UInt8(ascii: "\\") : byte != 0) {
                index += 1
                continue
            }
            if byte >= 0x80, let length = validSequenceLength(bytes, at: index) {
                index += length
                continue
            }
            if runStart < index { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            switch byte {
            case 0: buffer.append(contentsOf: replacement)
            case 0x01..<0x80 where !escaping: buffer.append(byte)
            case UInt8(ascii: "\\"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\t"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case UInt8(ascii: "\n"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x01..<0x80: buffer.append(byte)  // other control characters need no escape
            default:
                buffer.append(contentsOf: replacement)
                index += invalidSubpartLength(bytes, at: index) - 1
            }
            index += 1
            runStart = index
        }
        if runStart < count { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count])) }
    }

    /// Appends one field holding `string` (`nil` is `\N`).
    public static func appendField(_ string: String?, to buffer: inout [UInt8]) {
        guard var string else { return appendField(nil as UnsafeBufferPointer<UInt8>?, to: &buffer) }
        string.withUTF8 { appendField($0, to: &buffer) }
    }

    /// Appends an integer field in decimal.
    public static func appendInteger(_ value: Int64, to buffer: inout [UInt8]) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        let start = buffer.count
        var magnitude = value.magnitude
        repeat {
            buffer.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        buffer[start...].reverse()
    }

    /// The length of the valid UTF-8 sequence starting at `index` (a byte ≥ 0x80), or `nil`.
    @inline(__always)
    package static func validSequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let (length, second) = expectation(bytes[index])
        guard length > 0, index + length <= bytes.count, second.contains(bytes[index + 1]) else { return nil }
        for offset in 2..<length where !continuation.contains(bytes[index + offset]) { return nil }
        return length
    }

    /// How many bytes from `index` make one maximal invalid subpart: the lead
    /// byte and the continuation bytes that still matched (at least 1).
    package static func invalidSubpartLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let (length, second) = expectation(bytes[index])
        var matched = 1
        while matched < length, index + matched < bytes.count,
            (matched == 1 ? second : continuation).contains(bytes[index + matched])
        {
            matched += 1
        }
        return matched
    }

    /// Any continuation byte.
    private static let continuation: ClosedRange<UInt8> = 0x80...0xBF

    /// For a lead byte: the sequence length (0 when it cannot start one) and the
    /// allowed range of the second byte; later bytes are any continuation byte
    /// (Unicode table 3-7, well-formed UTF-8 byte sequences).
    @inline(__always)
    private static func expectation(_ lead: UInt8) -> (Int, ClosedRange<UInt8>) {
        switch lead {
        case 0xC2...0xDF: (2, continuation)
        case 0xE0: (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (3, continuation)
        case 0xED: (3, 0x80...0x9F)
        case 0xF0: (4, 0x90...0xBF)
        case 0xF1...0xF3: (4, continuation)
        case 0xF4: (4, 0x80...0x8F)
        default: (0, continuation)
        }
    }
}
