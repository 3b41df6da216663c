/// The encoding a document was actually read in: the workspace's, or what its
/// bytes said (a byte order mark, an XML declaration, UTF-8 where a single-byte
/// encoding was configured).
package enum DocumentEncoding: Equatable, Sendable {
    /// UTF-8 (with or without a BOM).
    case utf8
    /// Windows-1252 or ISO 8859-1.
    case singleByte(TextEncoding)
    /// UTF-16, little- or big-endian.
    case utf16(bigEndian: Bool)

    /// The encoding a workspace setting reads.
    package init(_ configured: TextEncoding) {
        self = configured == .utf8 ? .utf8 : .singleByte(configured)
    }

    /// The name a person knows it by: `UTF-8`, `windows-1252`, `UTF-16LE`.
    package var name: String {
        switch self {
        case .utf8: "UTF-8"
        case .singleByte(let encoding): encoding.rawValue
        case .utf16(let bigEndian): bigEndian ? "UTF-16BE" : "UTF-16LE"
        }
    }

    /// What a rejected file in this encoding starts with (UTF-16's byte order mark).
    package var byteOrderMark: [UInt8] {
        switch self {
        case .utf16(let bigEndian): bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        case .utf8, .singleByte: []
        }
    }

    /// `utf8` in this encoding, or nil when it is UTF-8 (write it as it is).
    /// A character the encoding lacks becomes `?` (single-byte encodings only).
    package func encode(_ utf8: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        switch self {
        case .utf8:
            return nil
        case .singleByte(let encoding):
            return SingleByteEncoding.encode(utf8, encoding)
        case .utf16(let bigEndian):
            var out: [UInt8] = []
            out.reserveCapacity(utf8.count * 2)
            for unit in String(decoding: utf8, as: UTF8.self).utf16 {
                let high = UInt8(truncatingIfNeeded: unit >> 8), low = UInt8(truncatingIfNeeded: unit)
                if bigEndian {
                    out.append(high)
                    out.append(low)
                } else {
                    out.append(low)
                    out.append(high)
                }
            }
            return out
        }
    }
}
