/// One field's value ready for the store.
public enum FieldValue {
    /// Absent or empty optional field.
    case null
    /// UTF-8 text pointing into the parser's buffers: valid until the next record.
    case text(UnsafeBufferPointer<UInt8>)
    /// An exact integer (decimal amounts in minor units).
    case integer(Int64)
}

/// The values of one validated record, by field index of its ``RecordSchema``;
/// allocated once per job and overwritten for every row.
public struct RecordValues {
    private var storage: [FieldValue]

    /// Room for `count` fields, all null.
    public init(count: Int) { storage = Array(repeating: .null, count: count) }

    /// Number of fields.
    public var count: Int { storage.count }

    /// The value of field `index`.
    public subscript(index: Int) -> FieldValue {
        get { storage[index] }
        set { storage[index] = newValue }
    }

    /// Resets every field to null.
    public mutating func clear() {
        for i in storage.indices { storage[i] = .null }
    }
}

@available(*, unavailable)
extension RecordValues: Sendable {}
