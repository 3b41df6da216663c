/// UTF-16 to UTF-8, chunk by chunk: a code unit or a surrogate pair cut by a
/// chunk boundary is carried to the next chunk, so memory stays flat.
package struct UTF16Decoder {
    /// What makes UTF-16 bytes unreadable; each carries the 1-based line.
    package enum Problem: Equatable {
        /// A high surrogate not followed by a low one, or a low one alone.
        case loneSurrogate(line: Int)
        /// The input ends in the middle of a code unit or of a surrogate pair.
        case truncated(line: Int)
        /// U+0000, which no text document holds.
        case nul(line: Int)
    }

    package let bigEndian: Bool
    private var pendingByte: UInt8?
    private var highSurrogate: UInt16?
    /// The 1-based line reached (LF code units seen, plus one).
    package private(set) var line = 1

    package init(bigEndian: Bool) {
        self.bigEndian = bigEndian
    }

    /// Appends the UTF-8 of `bytes` to `out`; the first problem stops the decoding.
    package mutating func decode(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Problem? {
        var index = 0
        let count = bytes.count
        if let first = pendingByte, count > 0 {
            pendingByte = nil
            index = 1
            if let problem = take(unit(first, bytes[0]), into: &out) { return problem }
        }
        while index + 1 < count {
            let value = unit(bytes[index], bytes[index + 1])
            index += 2
            if let problem = take(value, into: &out) { return problem }
        }
        if index < count { pendingByte = bytes[index] }
        return nil
    }

    /// The problem of input that ends here, if any.
    package func finish() -> Problem? {
        pendingByte != nil || highSurrogate != nil ? .truncated(line: line) : nil
    }

    @inline(__always)
    private func unit(_ first: UInt8, _ second: UInt8) -> UInt16 {
        bigEndian ? UInt16(first) << 8 | UInt16(second) : UInt16(second) << 8 | UInt16(first)
    }

    private mutating func take(_ unit: UInt16, into out: inout [UInt8]) -> Problem? {
        if let high = highSurrogate {
            highSurrogate = nil
            guard unit >= 0xDC00 && unit <= 0xDFFF else { return .loneSurrogate(line: line) }
            let scalar = 0x10000 + (UInt32(high - 0xD800) << 10) + UInt32(unit - 0xDC00)
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | (scalar >> 12) & 0x3F))
            out.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
            return nil
        }
        switch unit {
        case 0:
            return .nul(line: line)
        case 0x01..<0x80:
            out.append(UInt8(unit))
            if unit == 0x0A { line += 1 }
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | unit >> 6))
            out.append(UInt8(0x80 | unit & 0x3F))
        case 0xD800...0xDBFF:
            highSurrogate = unit
        case 0xDC00...0xDFFF:
            return .loneSurrogate(line: line)
        default:
            out.append(UInt8(0xE0 | unit >> 12))
            out.append(UInt8(0x80 | (unit >> 6) & 0x3F))
            out.append(UInt8(0x80 | unit & 0x3F))
        }
        return nil
    }
}
