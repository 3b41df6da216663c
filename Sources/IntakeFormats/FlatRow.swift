import IntakeCore
import IntakeSystem
/// The current record of a JSON or XML reader seen through the type's schema:
/// keys are matched to fields by their canonical dotted name (`bank_details.bank_name`)
/// or a configured alias; other keys are remembered for one warning on the job.
/// An object whose values are all empty — `{}`, nulls, blank strings, empty
/// objects (`{"entity": {}}`) — is skipped and counted in ``emptyRows``; an
/// array value, a number or a boolean is a value.
final class FlatRow: RecordCursor {
    let reader: any FlatRecordReader
    /// Records skipped because every value is empty.
    let emptyRows = EmptyRows()
    private let schema: RecordSchema
    private let aliases: [String: String]
    /// Field pairs (target, source): a target the record lacks takes the source's value.
    private let fallbacks: [(target: Int, source: Int)]
    private let names: [[UInt8]]
    /// For each field, the reader's value index in the current record, or -1.
    private var valueOfField: [Int]
    private var problems: [Issue] = []
    /// The record's properties kept in `extra` (``RecordSchema/extraObjects``).
    private let extra = ExtraProperties()
    /// Keys that matched no field, at most ``unknownKeyLimit`` of them.
    private(set) var unknownKeys: [String] = []
    private var unknownKeySet: Set<String> = []
    static let unknownKeyLimit = 100
    /// Keys resolved through an alias or found unknown, with their field (-1: none).
    private var resolved: [(name: [UInt8], field: Int)] = []
    static let resolvedLimit = 256

    /// A row over `reader` for `schema`.
    /// Whether rows are placed by their line (JSON Lines) rather than a path.
    private let byLine: Bool

    /// A row over `reader` for `schema`; `byLine` for JSON Lines, where each
    /// record's line is its position.
    init(reader: any FlatRecordReader, schema: RecordSchema, byLine: Bool, aliases: [String: String] = [:],
         fallbacks: [(target: Int, source: Int)] = []) {
        self.reader = reader
        self.byLine = byLine
        self.schema = schema
        self.aliases = aliases
        self.fallbacks = fallbacks
        names = schema.fields.map { Array($0.name.utf8) }
        valueOfField = Array(repeating: -1, count: schema.fields.count)
    }

    func next() throws -> Bool {
        while try reader.next() {
            guard reader.recordIsObject, isEmptyRecord else { return read() }
            emptyRows.skip(byLine ? "line \(reader.line)" : reader.path)
        }
        return false
    }

    /// Whether the current object holds no value: only nulls, blank strings and empty objects.
    private var isEmptyRecord: Bool {
        (0..<reader.fieldCount).allSatisfy { value in
            switch reader.kind(value) {
            case .null, .object: true
            case .string: EmptyRows.isBlank(reader.value(value))
            case .number, .boolean, .array: false
            }
        }
    }

    /// Matches the current record's keys to fields.
    private func read() -> Bool {
        for index in valueOfField.indices { valueOfField[index] = -1 }
        problems.removeAll(keepingCapacity: true)
        extra.reset()
        guard reader.recordIsObject else {
            if let error = reader.syntaxError {
                problems.append(Issue("json_syntax", field: "", description: "the line is not valid JSON: \(error)"))
            } else {
                problems.append(Issue("record_not_object", field: "", description: "the record is not an object with named fields"))
            }
            return true
        }
        for value in 0..<reader.fieldCount {
            guard let field = field(for: reader.key(value)) else {
                keepExtra(value)
                continue
            }
            let name = schema.fields[field].name
            if valueOfField[field] >= 0 {
                problems.append(Issue("duplicate_key", field: name, description: "\(name) is given twice in the record; keep one"))
                continue
            }
            switch reader.kind(value) {
            case .string, .number:
                valueOfField[field] = value
            case .null:
                break
            case .boolean, .array, .object:
                problems.append(Issue("type_mismatch", field: name,
                                      description: "\(name) must be a string or a number, not \(FlatRow.noun(reader.kind(value)))"))
            }
        }
        if let warning = reader.recordWarning { problems.append(warning) }
        if let index = schema.extraField, let json = extra.json() {
            valueOfField[index] = FlatRow.extraValue
            extraBytes = json
        }
        for (target, source) in fallbacks where valueOfField[target] < 0 {
            valueOfField[target] = valueOfField[source]
        }
        return true
    }

    /// ``valueOfField``'s mark for the `extra` JSON (``extraBytes``), not a reader value.
    private static let extraValue = Int.max
    private var extraBytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)

    /// Keeps value `index` in `extra` when its key is inside one of the schema's open objects.
    private func keepExtra(_ index: Int) {
        guard schema.extraField != nil else { return }
        let key = String(decoding: reader.key(index), as: UTF8.self)
        guard let object = schema.extraObject(of: HeaderMapping.normalize(key)) else { return }
        let name = object + key.dropFirst(object.count)
        if reader.kind(index) == .array {
            problems.append(Issue("type_mismatch", field: name,
                                  description: "\(name) is an array; Intake keeps the other properties of \(object) as given, but not arrays: give it as a string or an object"))
            return
        }
        extra.add(name, reader.value(index), kind: reader.kind(index))
    }

    private static func noun(_ kind: FlatValueKind) -> String {
        switch kind {
        case .boolean: "true or false"
        case .array: "an array"
        case .object: "an object"
        case .string: "a string"
        case .number: "a number"
        case .null: "null"
        }
    }

    /// The field a key names, remembering unknown keys. Keys that are not a
    /// canonical name (aliases, unknown keys) are resolved once and then found
    /// by their bytes, so a key on every record costs no allocation.
    private func field(for key: UnsafeBufferPointer<UInt8>) -> Int? {
        for (index, name) in names.enumerated() where name.count == key.count && name.elementsEqual(key) {
            return index
        }
        for (name, field) in resolved where name.count == key.count && name.elementsEqual(key) {
            return field < 0 ? nil : field
        }
        let text = String(decoding: key, as: UTF8.self)
        let normalized = HeaderMapping.normalize(text)
        let field = schema.inputIndex(of: normalized, aliases: aliases)
        if resolved.count < FlatRow.resolvedLimit { resolved.append((Array(key), field ?? -1)) }
        if field == nil, schema.extraObject(of: normalized) == nil || schema.extraField == nil,
           unknownKeys.count < FlatRow.unknownKeyLimit, unknownKeySet.insert(text).inserted {
            unknownKeys.append(text)
        }
        return field
    }

    @inline(__always)
    func rawValue(_ field: Int) -> UnsafeBufferPointer<UInt8>? {
        let index = valueOfField[field]
        if index == FlatRow.extraValue { return extraBytes }
        return index >= 0 ? reader.value(index) : nil
    }

    func shapeIssues(into issues: inout [Issue]) {
        issues.append(contentsOf: problems)
    }

    /// Type mismatches fail only their field; a record that is not an object fails whole.
    var failsWhole: Bool { !reader.recordIsObject }

    var reportedLine: Int? { byLine ? reader.line : nil }
    var position: String? { byLine ? nil : reader.path }
    var group: Int { reader.group }
    var raw: UnsafeBufferPointer<UInt8> { reader.rawRecord }
    var bytesRead: Int64 { reader.bytesRead }

    /// The job's warning about keys that matched no field, once, and about empty records skipped.
    var warnings: [RowIssue] {
        extra.warnings + (emptyRows.warning.map { [$0] } ?? []) + unknownKeys.map {
            RowIssue(Issue("unknown_column", field: $0,
                           description: "\"\($0)\" is not a field of this type and was ignored", severity: .warning))
        }
    }
}
