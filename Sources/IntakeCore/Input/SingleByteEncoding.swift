/// Windows-1252 and ISO 8859-1 to and from UTF-8: the encodings ERP exports use
/// besides UTF-8. Every byte maps to one Unicode scalar (the five bytes
/// Windows-1252 leaves undefined map to the C1 controls, as in WHATWG's table),
/// so decoding never fails and encoding back what was decoded is exact.
package enum SingleByteEncoding {
    /// Windows-1252's scalars for bytes 0x80-0x9F.
    package static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// The scalar of `byte` in `encoding` (not UTF-8).
    @inline(__always)
    package static func scalar(_ byte: UInt8, _ encoding: TextEncoding) -> UInt32 {
        if encoding == .windows1252, byte >= 0x80, byte < 0xA0 { return windows1252High[Int(byte - 0x80)] }
        return UInt32(byte)
    }

    /// Appends the UTF-8 of `bytes` decoded from `encoding` to `out`.
    package static func decode(_ bytes: UnsafeRawBufferPointer, _ encoding: TextEncoding, into out: inout [UInt8]) {
        for byte in bytes {
            if byte < 0x80 {
                out.append(byte)
                continue
            }
            let scalar = SingleByteEncoding.scalar(byte, encoding)
            if scalar < 0x800 {
                out.append(UInt8(0xC0 | scalar >> 6))
                out.append(UInt8(0x80 | scalar & 0x3F))
            } else {
                out.append(UInt8(0xE0 | scalar >> 12))
                out.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
                out.append(UInt8(0x80 | scalar & 0x3F))
            }
        }
    }

    /// `utf8` encoded back into `encoding`; a scalar the encoding lacks becomes `?`.
    package static func encode(_ utf8: UnsafeBufferPointer<UInt8>, _ encoding: TextEncoding) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        for scalar in String(decoding: utf8, as: UTF8.self).unicodeScalars {
            let value = scalar.value
            if value < 0x80 || (value < 0x100 && !(encoding == .windows1252 && value >= 0x80 && value < 0xA0)) {
                out.append(UInt8(value))
            } else if encoding == .windows1252, let index = windows1252High.firstIndex(of: value) {
                out.append(UInt8(0x80 + index))
            } else {
                out.append(UInt8(ascii: "?"))
            }
        }
        return out
    }
}
