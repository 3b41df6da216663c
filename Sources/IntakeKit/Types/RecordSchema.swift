/// One field of an import type: what `intake types` prints and what the header
/// matcher and validators use.
public struct FieldDefinition: Equatable, Sendable {
    /// Canonical name (`beneficiary_iban`, or dotted for nested fields).
    public let name: String
    /// The value's kind, e.g. `iban`, `decimal`, `date`, `text`.
    public let kind: String
    /// Whether a record must have it.
    public let required: Bool
    /// The rule in words, for people.
    public let rule: String
}

/// The fields of one import type, in canonical order, and its record id field.
public struct RecordSchema: Sendable {
    /// The type these fields belong to.
    public let type: ImportType
    /// The fields, in canonical order (the store's column order).
    public let fields: [FieldDefinition]
    /// Index in ``fields`` of the record id.
    public let idField: Int

    /// The index of a field by canonical name.
    public func index(of name: String) -> Int? { fields.firstIndex { $0.name == name } }
}
