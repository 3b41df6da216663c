/// A parsed record's fields, by index of the type's ``RecordSchema``, whatever
/// the document format.
public protocol RowFields {
    /// The value of schema field `field` as in the document (not trimmed), or
    /// nil when the record does not have the property at all (no such column,
    /// no such key, a JSON `null`). Valid until the parser moves on.
    func rawValue(_ field: Int) -> UnsafeBufferPointer<UInt8>?
}

extension RowFields {
    /// The value trimmed of surrounding spaces and tabs; nil when absent or empty.
    @inline(__always)
    public func value(_ field: Int) -> UnsafeBufferPointer<UInt8>? {
        guard let raw = rawValue(field) else { return nil }
        let trimmed = raw.trimmed()
        return trimmed.isEmpty ? nil : trimmed
    }
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
    package func trimmed() -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = count
        while start < end, self[start] == 0x20 || self[start] == 0x09 { start += 1 }
        while end > start, self[end - 1] == 0x20 || self[end - 1] == 0x09 { end -= 1 }
        if start == 0 && end == count { return self }
        return UnsafeBufferPointer(rebasing: self[start..<end])
    }

    /// Number of Unicode scalars (for length limits), counting UTF-8 lead bytes.
    @inline(__always)
    package var scalarCount: Int {
        var n = 0
        for byte in self where byte & 0xC0 != 0x80 { n += 1 }
        return n
    }
}
