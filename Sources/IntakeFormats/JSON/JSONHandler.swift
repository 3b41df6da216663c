import IntakeCore
import IntakeSystem
extension DocumentFormat {
    /// A JSON array of records, or an API request body (`.json`).
    public static let json = DocumentFormat(rawValue: "json")
    /// JSON Lines: one record per line (`.jsonl`, `.ndjson`).
    public static let jsonLines = DocumentFormat(rawValue: "jsonl")
}

/// JSON for every import type: an array of records or an API body
/// (``array``), or JSON Lines (``lines``). The rejected file has the
/// document's own shape.
struct JSONHandler: DocumentHandler {
    /// `.json`: an array, Trustpair's body or Papaya's.
    static let array = JSONHandler(lines: false)
    /// `.jsonl`, `.ndjson`: one record per line.
    static let lines = JSONHandler(lines: true)

    /// Whether records are lines (JSON Lines) rather than array elements.
    let lines: Bool

    var format: DocumentFormat { lines ? .jsonLines : .json }
    var extensions: [String] { lines ? ["jsonl", "ndjson"] : ["json"] }

    func open(_ input: DocumentInput) throws -> OpenedJSON {
        let reader = JSONRecordReader(source: input.decodedText(), lines: lines)
        let row = FlatRow(reader: reader, schema: input.schema, byLine: lines, aliases: input.settings.columnAliases)
        return OpenedJSON(
            cursor: row, reader: reader, type: input.type, lines: lines, rejectedExtension: input.sourceExtension,
            observer: input.observer, encoding: input.encoding)
    }
}
