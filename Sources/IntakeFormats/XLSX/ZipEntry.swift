import IntakeCore
import IntakeSystem
/// One file in a ZIP container, as its central directory describes it (and
/// its local header confirmed).
public struct ZipEntry: Sendable, Equatable {
    /// How an entry's bytes are stored.
    public enum Method: UInt16, Sendable {
        /// Stored as is (method 0).
        case stored = 0
        /// Raw deflate (method 8).
        case deflate = 8
    }

    /// The entry's name as written (`xl/worksheets/sheet1.xml`), decoded as UTF-8.
    public let name: String
    /// Stored or deflate; other methods are refused when the directory is read.
    public let method: Method
    /// Bytes of the entry's data in the file.
    public let compressedSize: Int64
    /// Bytes the data inflates to, as declared (checked while inflating).
    public let uncompressedSize: Int64
    /// The declared CRC-32 of the inflated bytes (checked at the entry's end).
    public let crc32: UInt32
    /// Offset of the entry's local header in the file.
    public let localHeaderOffset: Int64
    /// Offset of the entry's data, just after its local header.
    public let dataOffset: Int64

    /// Whether the name ends with `/` (a folder: no data of its own).
    public var isDirectory: Bool { name.hasSuffix("/") }
}

/// Little-endian fields of ZIP records.
enum ZipField {
    @inline(__always)
    static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    @inline(__always)
    static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(u16(bytes, at)) | UInt32(u16(bytes, at + 2)) << 16
    }

    @inline(__always)
    static func u64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        UInt64(u32(bytes, at)) | UInt64(u32(bytes, at + 4)) << 32
    }

    /// Whether `bytes` at `at` hold the four-byte signature `PK` `c` `d`.
    @inline(__always)
    static func signature(_ bytes: [UInt8], _ at: Int, _ c: UInt8, _ d: UInt8) -> Bool {
        at >= 0 && at + 4 <= bytes.count && bytes[at] == 0x50 && bytes[at + 1] == 0x4B && bytes[at + 2] == c
            && bytes[at + 3] == d
    }
}
