/// Byte-level ASCII classification shared by the validators.
///
/// Everything here works on single `UInt8` values with wrapping arithmetic, so
/// a byte outside the expected range (including any non-ASCII UTF-8 byte)
/// simply fails the test: no decoding, no allocation.
package enum ASCIIScan {
    /// `true` for `A`...`Z`.
    @inline(__always)
    package static func isUpper(_ byte: UInt8) -> Bool { byte &- 65 < 26 }

    /// `true` for `0`...`9`.
    @inline(__always)
    package static func isDigit(_ byte: UInt8) -> Bool { byte &- 48 < 10 }

    /// `true` for `A`...`Z` and `0`...`9`.
    @inline(__always)
    package static func isUpperAlnum(_ byte: UInt8) -> Bool { isUpper(byte) || isDigit(byte) }

    /// The value of a decimal digit byte; only meaningful when `isDigit(byte)`.
    @inline(__always)
    package static func digit(_ byte: UInt8) -> Int { Int(byte &- 48) }

    /// Index of a two-letter uppercase code in a 26 × 26 table, or nil.
    @inline(__always)
    package static func pairIndex(_ first: UInt8, _ second: UInt8) -> Int? {
        let a = first &- 65, b = second &- 65
        guard a < 26, b < 26 else { return nil }
        return Int(a) * 26 + Int(b)
    }

    /// Index of a three-letter uppercase code in a 26 × 26 × 26 table, or nil.
    @inline(__always)
    package static func tripleIndex(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> Int? {
        let a = first &- 65, b = second &- 65, c = third &- 65
        guard a < 26, b < 26, c < 26 else { return nil }
        return (Int(a) * 26 + Int(b)) * 26 + Int(c)
    }

    /// `pairIndex` for a `String` (table building and the non-hot `String` APIs).
    package static func pairIndex(_ text: String) -> Int? {
        var iterator = text.utf8.makeIterator()
        guard let a = iterator.next(), let b = iterator.next(), iterator.next() == nil else {
            return nil
        }
        return pairIndex(a, b)
    }

    /// `tripleIndex` for a `String` (table building and the non-hot `String` APIs).
    package static func tripleIndex(_ text: String) -> Int? {
        var iterator = text.utf8.makeIterator()
        guard let a = iterator.next(), let b = iterator.next(), let c = iterator.next(),
            iterator.next() == nil
        else { return nil }
        return tripleIndex(a, b, c)
    }
}

extension ASCIIScan {
    /// Runs `body` on the UTF-8 bytes of `text` without copying when the
    /// string is native (the usual case), else on a temporary copy.
    package static func withUTF8<R>(_ text: String, _ body: (Bytes) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }
}
