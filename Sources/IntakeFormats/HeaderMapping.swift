import Foundation
import IntakeCore
import IntakeSystem

/// Which document column holds each schema field, from a header row: names
/// match case-insensitively, with spaces taken as `_` and surrounding spaces
/// ignored (`Payment ID` is `payment_id`).
public struct HeaderMapping: Sendable {
    /// For each schema field, its column in the document, or -1.
    public let columnOfField: [Int]
    /// Header names that match no field (a warning on the job, once).
    public let unknownColumns: [String]
    /// Columns inside one of the type's open objects that match no field
    /// (`bank_details.swift_code`): kept in the record's `extra`, by dotted
    /// name (the object's, then the rest of the header as written).
    public let extraColumns: [(column: Int, name: String)]
    /// The schema's ``FieldKind/extra`` field, if it has one.
    public let extraField: Int?
    /// Number of columns in the header.
    public let columnCount: Int
    /// The document warning `header_row`, when rows above the header were
    /// skipped (set by ``HeaderSearch``).
    var headerRow: RowIssue?

    /// How the header was read, for the messages that refuse it.
    public struct Context: Sendable {
        /// The header's 1-based physical line (2 after Excel's `sep=` line).
        public var line: Int
        /// The encoding the document was read in (`UTF-8`, `windows-1252`, `UTF-16LE`).
        public var encoding: String?
        /// The delimiter the header was split on (delimited text only).
        public var delimiter: UInt8?
        /// The worksheet the header was read from (workbooks only): messages
        /// then speak of rows of that sheet, not lines.
        public var sheet: String?

        /// A context; by default line 1 and nothing known about the reading.
        public init(line: Int = 1, encoding: String? = nil, delimiter: UInt8? = nil, sheet: String? = nil) {
            self.line = line
            self.encoding = encoding
            self.delimiter = delimiter
            self.sheet = sheet
        }

        /// `line 3`, or `row 3 of the worksheet "Payments"`.
        var place: String {
            sheet.map { "row \(line) of the worksheet \"\($0)\"" } ?? "line \(line)"
        }
    }

    /// Maps `header` onto `schema`, a column named by an alias (normalised,
    /// see ``normalize(_:)``) counting as its field; throws when a required
    /// column is missing (the message shows the header as read, with `context`,
    /// and the near misses) or one field is named by two columns.
    public init(
        header: [String], schema: RecordSchema, aliases: [String: String] = [:], context: Context = Context()
    ) throws(DocumentFailure) {
        var columnOfField = Array(repeating: -1, count: schema.fields.count)
        var unknown: [String] = []
        var extra: [(column: Int, name: String)] = []
        var duplicate: (field: Int, column: Int)?
        for (column, name) in header.enumerated() {
            let key = HeaderMapping.normalize(name)
            guard let field = schema.inputIndex(of: key, aliases: aliases) else {
                if let object = schema.extraObject(of: key) {
                    let written = name.trimmingCharacters(in: .whitespaces)
                    extra.append((column, object + String(written.dropFirst(object.count))))
                } else if !key.isEmpty {
                    unknown.append(name)
                }
                continue
            }
            guard columnOfField[field] < 0 else {
                if duplicate == nil { duplicate = (field, column) }
                continue
            }
            columnOfField[field] = column
        }
        let missing = schema.fields.indices.filter { schema.fields[$0].required && columnOfField[$0] < 0 }
        guard missing.isEmpty else {
            let names = missing.map { schema.fields[$0].name }
            throw DocumentFailure(
                "missing_column",
                HeaderMapping.missingMessage(names, header: header, unknown: unknown, context: context),
                line: context.line)
        }
        if let (field, column) = duplicate {
            throw DocumentFailure(
                "duplicate_column",
                "the header (\(context.place)) names \(schema.fields[field].name) twice (columns \(columnOfField[field] + 1) and \(column + 1)); keep one",
                line: context.line)
        }
        self.columnOfField = columnOfField
        self.unknownColumns = unknown
        self.extraColumns = extra
        self.extraField = schema.extraField
        self.columnCount = header.count
    }

    /// `  Payment ID ` -> `payment_id` (``ColumnName/normalize(_:)``).
    public static func normalize(_ name: String) -> String { ColumnName.normalize(name) }

    /// The document warnings: `header_row` when rows above the header were
    /// skipped, the one naming the columns kept in `extra`, and unknown columns.
    public var warnings: [RowIssue] {
        let kept = ExtraProperties()
        for (_, name) in extraColumns { kept.add(name, UnsafeBufferPointer(start: nil, count: 0), kind: .string) }
        return (headerRow.map { [$0] } ?? []) + kept.warnings + unknownColumns.map {
            RowIssue(Issue("unknown_column", field: $0,
                           description: "column \"\($0)\" is not a field of this type and was ignored", severity: .warning))
        }
    }
}
