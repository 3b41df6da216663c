import IntakeCore
import IntakeSystem

/// An encoder for the binary format of `COPY … FROM STDIN (FORMAT binary)`,
/// appending to a byte buffer: the ``header``, then per row its field count
/// (``appendRowStart(fields:to:)``) and each field as a big-endian `int32`
/// length and its bytes (-1 and no bytes for NULL), then the ``trailer``.
///
/// See <https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4>.
/// Each field must be in the binary representation of its column's type:
/// ``appendInt64(_:to:)`` for `bigint`, ``appendInt32(_:to:)`` for `integer`,
/// ``appendText(_:to:)`` for `text`. Text needs no escaping here; PostgreSQL
/// still refuses a NUL byte and invalid UTF-8 in it, so, as ``CopyText`` does,
/// a NUL and each maximal invalid UTF-8 subpart become U+FFFD and valid UTF-8
/// passes unchanged, byte for byte.
public enum CopyBinary {
    /// The signature `PGCOPY\n\377\r\n\0`, the flags (0: no OIDs) and an empty header extension.
    public static let header: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [0, 0, 0, 0] + [0, 0, 0, 0]
    /// The end of the data: a field count of -1.
    public static let trailer: [UInt8] = [0xFF, 0xFF]

    /// Starts a row of `fields` fields (at most 1,600, PostgreSQL's column limit).
    @inline(__always)
    public static func appendRowStart(fields: Int, to buffer: inout [UInt8]) {
        appendBigEndian(Int16(truncatingIfNeeded: fields), to: &buffer)
    }

    /// Appends a NULL field.
    @inline(__always)
    public static func appendNull(to buffer: inout [UInt8]) {
        appendBigEndian(Int32(-1), to: &buffer)
    }

    /// Appends a `bigint` field.
    @inline(__always)
    public static func appendInt64(_ value: Int64, to buffer: inout [UInt8]) {
        appendBigEndian(Int32(8), to: &buffer)
        appendBigEndian(value, to: &buffer)
    }

    /// Appends an `integer` field.
    @inline(__always)
    public static func appendInt32(_ value: Int32, to buffer: inout [UInt8]) {
        appendBigEndian(Int32(4), to: &buffer)
        appendBigEndian(value, to: &buffer)
    }

    /// Appends a `text` field: NULL for `nil`, else the bytes made valid UTF-8
    /// without NUL. A field holds less than 2 GiB (PostgreSQL refuses more than 1 GiB).
    public static func appendText(_ bytes: UnsafeBufferPointer<UInt8>?, to buffer: inout [UInt8]) {
        guard let bytes else { return appendNull(to: &buffer) }
        precondition(bytes.count <= Int(Int32.max), "a COPY field of \(bytes.count) bytes")
        if isPlainASCII(bytes) {
            appendBigEndian(Int32(truncatingIfNeeded: bytes.count), to: &buffer)
            buffer.append(contentsOf: bytes)
            return
        }
        let lengthAt = buffer.count
        appendBigEndian(Int32(0), to: &buffer)
        CopyText.appendValidUTF8(bytes, escaping: false, to: &buffer)
        let length = Int32(truncatingIfNeeded: buffer.count - lengthAt - 4).bigEndian
        withUnsafeBytes(of: length) { bytes in
            for offset in 0..<4 { buffer[lengthAt + offset] = bytes[offset] }
        }
    }

    /// Appends a `text` field holding `string` (NULL for `nil`).
    public static func appendText(_ string: String?, to buffer: inout [UInt8]) {
        guard var string else { return appendNull(to: &buffer) }
        string.withUTF8 { appendText($0, to: &buffer) }
    }

    /// True when every byte is ASCII and none is NUL: the bytes go out as they are.
    /// Eight bytes at a time: a high bit set, or a zero byte (the classic
    /// `(w - 0x01…01) & ~w & 0x80…80` test), sends the field to the slow path.
    @inline(__always)
    package static func isPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = 0
        let count = bytes.count
        while index + 8 <= count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            if word & highs != 0 || (word &- ones) & ~word & highs != 0 { return false }
            index += 8
        }
        while index < count {
            let byte = base[index]
            if byte == 0 || byte >= 0x80 { return false }
            index += 1
        }
        return true
    }

    @inline(__always)
    private static func appendBigEndian<T: FixedWidthInteger>(_ value: T, to buffer: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { buffer.append(contentsOf: $0) }
    }
}
