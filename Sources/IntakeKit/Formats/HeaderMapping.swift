import Foundation

/// Which document column holds each schema field, from a header row: names
/// match case-insensitively, with spaces taken as `_` and surrounding spaces
/// ignored (`Payment ID` is `payment_id`).
public struct HeaderMapping: Sendable {
    /// For each schema field, its column in the document, or -1.
    public let columnOfField: [Int]
    /// Header names that match no field (a warning on the job, once).
    public let unknownColumns: [String]
    /// Number of columns in the header.
    public let columnCount: Int

    /// Maps `header` onto `schema`, a column named by an alias (normalised,
    /// see ``normalize(_:)``) counting as its field; throws when a required
    /// column is missing or one field is named by two columns.
    public init(header: [String], schema: RecordSchema, aliases: [String: String] = [:]) throws(DocumentFailure) {
        var columnOfField = Array(repeating: -1, count: schema.fields.count)
        var unknown: [String] = []
        for (column, name) in header.enumerated() {
            let key = HeaderMapping.normalize(name)
            guard let field = schema.index(of: aliases[key] ?? key) else {
                if !key.isEmpty { unknown.append(name) }
                continue
            }
            guard columnOfField[field] < 0 else {
                throw DocumentFailure(
                    "duplicate_column",
                    "the header names \(schema.fields[field].name) twice (columns \(columnOfField[field] + 1) and \(column + 1)); keep one",
                    line: 1)
            }
            columnOfField[field] = column
        }
        let missing = schema.fields.indices.filter { schema.fields[$0].required && columnOfField[$0] < 0 }
        guard missing.isEmpty else {
            let names = missing.map { schema.fields[$0].name }.joined(separator: ", ")
            throw DocumentFailure(
                "missing_column",
                "the header lacks the required column\(missing.count > 1 ? "s" : "") \(names); add \(missing.count > 1 ? "them" : "it") to the first line (names are matched ignoring case)",
                line: 1)
        }
        self.columnOfField = columnOfField
        self.unknownColumns = unknown
        self.columnCount = header.count
    }

    /// `  Payment ID ` -> `payment_id`.
    public static func normalize(_ name: String) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
        var out = ""
        var lastWasSpace = false
        for character in trimmed {
            if character == " " || character == "\t" {
                if !lastWasSpace { out.append("_") }
                lastWasSpace = true
            } else {
                out.append(character)
                lastWasSpace = false
            }
        }
        return out
    }

    /// The document warnings for unknown columns.
    public var warnings: [RowIssue] {
        unknownColumns.map {
            RowIssue(Issue("unknown_column", field: $0,
                           description: "column \"\($0)\" is not a field of this type and was ignored", severity: .warning))
        }
    }
}
