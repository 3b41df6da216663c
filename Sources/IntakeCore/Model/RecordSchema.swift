/// One field of an import type: what `intake types` prints and what the
/// header matcher, the JSON and XML mapping, the validators and the store use.
public struct FieldDefinition: Equatable, Sendable {
    /// Canonical name (`beneficiary_iban`), dotted for nested fields (`bank_details.bank_name`).
    public let name: String
    /// What it holds, and so the rule that checks it.
    public let kind: FieldKind
    /// When a record must have it.
    public let requirement: Requirement
    /// Longest accepted value in characters, if limited.
    public let maxLength: Int?
    /// What the type adds to the kind's rule, in words.
    public let note: String?

    /// A field definition.
    public init(_ name: String, _ kind: FieldKind, _ requirement: Requirement = .optional,
                maxLength: Int? = nil, note: String? = nil) {
        self.name = name
        self.kind = kind
        self.requirement = requirement
        self.maxLength = maxLength
        self.note = note
    }

    /// Whether every record must have it.
    public var required: Bool { requirement == .required }

    /// The rule in words: the kind's rule, the length limit and the type's note.
    public var rule: String {
        var parts = [kind.rule]
        if let maxLength { parts.append("at most \(maxLength) characters") }
        if case .when(let condition) = requirement { parts.append("required " + condition) }
        if let note { parts.append(note) }
        return parts.joined(separator: "; ")
    }

    /// The JSON path of the object holding the field: `$` or `$.bank_details`.
    public var parentPath: String {
        guard let dot = name.lastIndex(of: ".") else { return "$" }
        return "$." + name[..<dot]
    }

    /// The last part of the name (`bank_name` for `bank_details.bank_name`).
    public var leafName: String {
        guard let dot = name.lastIndex(of: ".") else { return name }
        return String(name[name.index(after: dot)...])
    }
}

/// The checks of a type that involve several fields (blocks, defaults, matches).
public enum CrossRules: Sendable {
    /// Payments and payments history: the amount's scale is the currency's.
    case payments
    /// Company account audits and checks: a company or a person block, and a bank block.
    case companyAccount
    /// Papaya beneficiaries: entity by type, defaults from the bank details.
    case beneficiary
}

/// The fields of one import type, in canonical order, and its record id field.
public struct RecordSchema: Sendable {
    /// The type these fields belong to.
    public let type: ImportType
    /// The fields, in canonical order (the store's column order).
    public let fields: [FieldDefinition]
    /// Index in ``fields`` of the record id.
    public let idField: Int
    /// The type's rules across fields.
    public let crossRules: CrossRules
    /// What the type's cross-field rules check, in words (for `intake types`).
    public let notes: [String]
    /// Other names a document may give a field, by normalised name (`entity.address_street`):
    /// the type's own, read in every workspace beside its `column_aliases`.
    public let aliases: [String: String]
    /// Objects whose properties that are not fields are kept in the ``FieldKind/extra``
    /// field (`entity`, `bank_details`), not dropped.
    public let extraObjects: [String]
    /// Index in ``fields`` of the ``FieldKind/extra`` field, if the type has one.
    public let extraField: Int?

    /// A schema whose record id is the field named `id`.
    package init(
        type: ImportType, fields: [FieldDefinition], id: String, crossRules: CrossRules,
        aliases: [String: String] = [:], extraObjects: [String] = [], notes: [String] = []
    ) {
        self.type = type
        self.fields = fields
        self.crossRules = crossRules
        self.notes = notes
        self.aliases = aliases
        self.extraObjects = extraObjects
        extraField = fields.firstIndex { $0.kind == .extra }
        guard let index = fields.firstIndex(where: { $0.name == id }) else {
            preconditionFailure("the record id \(id) is one of the fields of \(type.name)")
        }
        idField = index
    }

    /// The index of a field by canonical name.
    public func index(of name: String) -> Int? { fields.firstIndex { $0.name == name } }

    /// The field a document's column or key names: `name` normalised
    /// (``ColumnName/normalize(_:)``), through the workspace's `aliases`
    /// then the type's own; never the ``FieldKind/extra`` field, which no
    /// document names.
    public func inputIndex(of name: String, aliases workspace: [String: String]) -> Int? {
        let canonical = workspace[name] ?? aliases[name] ?? name
        guard let index = index(of: canonical), fields[index].kind != .extra else { return nil }
        return index
    }

    /// The object of ``extraObjects`` a normalised dotted name is inside
    /// (`bank_details` for `bank_details.swift_code`), or nil.
    public func extraObject(of name: String) -> String? {
        extraObjects.first { name.count > $0.count + 1 && name.hasPrefix($0 + ".") }
    }

    /// The index of a field known to exist (schemas are fixed at build time).
    package func field(_ name: String) -> Int {
        guard let index = index(of: name) else { preconditionFailure("\(type.name) has a field \(name)") }
        return index
    }
}
