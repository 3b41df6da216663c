/// A parsed record's fields, by index of the type's ``RecordSchema``, whatever
/// the document format. Values are trimmed of surrounding spaces and tabs; an
/// absent or empty field is nil.
public protocol RowFields {
    /// The value of schema field `field`, valid until the parser moves on.
    func value(_ field: Int) -> UnsafeBufferPointer<UInt8>?
}

/// Validates one record of one import type.
public protocol RecordValidator {
    /// The schema the validator checks.
    var schema: RecordSchema { get }
    /// Checks `row`, writes store-ready values into `values`, appends problems to `issues`.
    func validate(_ row: some RowFields, into values: inout RecordValues, issues: inout [Issue])
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// The bytes without leading and trailing spaces and tabs (no copy).
    @inline(__always)
    func trimmed() -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = count
        while start < end, self[start] == 0x20 || self[start] == 0x09 { start += 1 }
        while end > start, self[end - 1] == 0x20 || self[end - 1] == 0x09 { end -= 1 }
        if start == 0 && end == count { return self }
        return UnsafeBufferPointer(rebasing: self[start..<end])
    }

    /// Number of Unicode scalars (for length limits), counting UTF-8 lead bytes.
    @inline(__always)
    var scalarCount: Int {
        var n = 0
        for byte in self where byte & 0xC0 != 0x80 { n += 1 }
        return n
    }
}
