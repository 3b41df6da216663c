/// One problem with one row: an error fails the row, a warning does not.
public struct Issue: Equatable, Sendable {
    /// Error or warning.
    public enum Severity: String, Sendable { case error, warning }

    /// Stable code (`iban_checksum`, `required`, …), listed in the README.
    public let code: String
    /// The canonical field name (`beneficiary_iban`), or "" for the whole row.
    public let field: String
    /// What is wrong, for a person.
    public let description: String
    /// The offending value as it was in the file (cut to 200 characters).
    public let value: String?
    /// Error or warning.
    public let severity: Severity
    /// The JSON path the issue points at: the value's (`$.beneficiary_iban`),
    /// or for a missing property the object that lacks it (`$.bank_details`).
    public let property: String

    /// An issue about `field`; `property` defaults to the field's own path.
    public init(
        _ code: String, field: String, description: String, value: String? = nil, severity: Severity = .error,
        property: String? = nil
    ) {
        self.code = code
        self.field = field
        self.property = property ?? (field.isEmpty ? "$" : "$." + field)
        self.description = description
        self.value = value.map { $0.count > 200 ? String($0.prefix(200)) + "…" : $0 }
        self.severity = severity
    }

    /// An issue whose value is raw bytes from the document.
    public init(
        _ code: String, field: String, description: String, bytes: UnsafeBufferPointer<UInt8>?, severity: Severity = .error
    ) {
        self.init(code, field: field, description: description,
                  value: bytes.map { String(decoding: $0, as: UTF8.self) }, severity: severity)
    }

    /// A required property that the record does not have: reported, as Papaya
    /// does, on the object that lacks it, the description naming the property.
    /// An empty value counts as missing, so a blank CSV cell and an absent
    /// JSON key give the same issue.
    package static func missing(_ field: FieldDefinition) -> Issue {
        let parent = field.parentPath
        let description = parent == "$"
            ? "\(field.name) is required but has no value"
            : "\(field.leafName) is required in \(parent.dropFirst(2)) but has no value"
        return Issue("required", field: field.name, description: description, property: parent)
    }

}

extension Array where Element == Issue {
    /// True when any issue is an error.
    package var hasError: Bool { contains { $0.severity == .error } }

    /// The compact JSON array stored in `entries.issues`.
    package func entriesJSON() -> String {
        JSONWriter.text(.array(map(\.entryJSON)))
    }
}

extension Issue {
    /// The issue as `entries.issues` stores it, keys sorted; `property` only when it is
    /// not the field's own path.
    package var entryJSON: JSONValue {
        let ownPath = property == "$." + field || (field.isEmpty && property == "$")
        return .object([
            ("code", .string(code)), ("description", .string(description)), ("field", .string(field)),
            ("property", ownPath ? .absent : .string(property)),
            ("severity", .string(severity.rawValue)), ("value", .nullable(value)),
        ])
    }
}
