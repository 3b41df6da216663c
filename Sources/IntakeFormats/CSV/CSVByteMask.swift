import IntakeCore
import IntakeSystem
/// Eight-bytes-at-a-time search for the bytes the CSV scanner has to look at (SWAR).
///
/// `skip` returns the first position at or after `cursor` whose byte is one of `a`, `b`,
/// `c` or >= 0x80, stopping at `limit`. Words are read little-endian so the lowest
/// flagged byte is the first in memory; only that one is exact (a borrow can flag
/// bytes above a real hit), and only that one is used.
enum CSVByteMask {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// High bit set in every byte of `word` equal to `byte` (exact for the lowest one).
    @inline(__always)
    private static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let value = word ^ (ones &* UInt64(byte))
        return (value &- ones) & ~value & highs
    }

    /// First position in `cursor..<limit` holding `a`, `b`, `c` or a non-ASCII byte,
    /// `limit` when there is none.
    @inline(__always)
    static func skip(
        _ cursor: UnsafePointer<UInt8>, limit: UnsafePointer<UInt8>, _ a: UInt8, _ b: UInt8,
        _ c: UInt8, table: UnsafePointer<UInt8>
    ) -> UnsafePointer<UInt8> {
        var cursor = cursor
        while limit - cursor >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(cursor).loadUnaligned(as: UInt64.self))
            let mask = (word & highs) | matches(word, a) | matches(word, b) | matches(word, c)
            if mask != 0 { return cursor + mask.trailingZeroBitCount >> 3 }
            cursor += 8
        }
        while cursor < limit && table[Int(cursor.pointee)] == 0 { cursor += 1 }
        return cursor
    }
}
