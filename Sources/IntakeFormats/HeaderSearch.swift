import IntakeCore
import IntakeSystem
/// Finds a document's header among its first rows (SPEC §2): the first of
/// the first ``maxRows`` non-empty rows (lines of delimited text, rows of a
/// worksheet) that names every required column of the type, aliases
/// included. Rows above it — a title, merged group headings — are skipped
/// with the document warning `header_row`. Rows whose cells are all empty
/// are passed over and not counted.
///
/// Usage: offer each row to ``consider(_:context:)`` until it returns the
/// mapping; at the end of the rows, or once it has seen ``maxRows``, it
/// throws the failure of the row that came closest (the most columns naming
/// a field, the earliest on a tie), saying how many rows were searched.
struct HeaderSearch {
    /// Non-empty rows searched for the header.
    static let maxRows = 20

    let schema: RecordSchema
    let aliases: [String: String]
    /// Non-empty rows seen so far.
    private(set) var rows = 0
    /// The first non-empty row's line.
    private var firstLine: Int?
    /// The failure of the closest row so far, with its number of known columns.
    private var best: (failure: DocumentFailure, known: Int)?

    init(schema: RecordSchema, aliases: [String: String]) {
        self.schema = schema
        self.aliases = aliases
    }

    /// The mapping when `header` is the header; nil to read on (`header` is
    /// empty or lacks a required column). Throws when the row is the header
    /// but names a field twice, or when this was the last row searched.
    mutating func consider(_ header: [String], context: HeaderMapping.Context) throws(DocumentFailure) -> HeaderMapping? {
        guard header.contains(where: { !HeaderMapping.normalize($0).isEmpty }) else { return nil }
        rows += 1
        let first = firstLine ?? context.line
        firstLine = first
        do {
            var mapping = try HeaderMapping(header: header, schema: schema, aliases: aliases, context: context)
            if rows > 1 {
                let skipped = rows - 1
                mapping.headerRow = RowIssue(Issue(
                    "header_row", field: "",
                    description: "the header is on \(context.place): the \(skipped) non-empty \(context.sheet == nil ? "line" : "row")"
                        + "\(skipped == 1 ? "" : "s") above it (from \(context.sheet == nil ? "line" : "row") \(first): a title or group headings)"
                        + " \(skipped == 1 ? "was" : "were") skipped",
                    severity: .warning))
            }
            return mapping
        } catch let failure where failure.error.code == "missing_column" {
            let known = header.filter { name in
                let key = HeaderMapping.normalize(name)
                return schema.inputIndex(of: key, aliases: aliases) != nil
            }.count
            if best.map({ known > $0.known }) ?? true { best = (failure, known) }
            if rows == HeaderSearch.maxRows, let failure = exhausted() { throw failure }
            return nil
        }
    }

    /// The failure once the rows ran out (or ``maxRows`` were searched): the
    /// closest row's, telling how far the search went; nil when no row was seen.
    func exhausted() -> DocumentFailure? {
        guard let best else { return nil }
        guard rows > 1 else { return best.failure }
        return DocumentFailure(
            best.failure.error.code,
            best.failure.error.message
                + "; no row among the first \(rows) non-empty ones names every required column (the header may be below a title, within the first \(HeaderSearch.maxRows) rows)",
            line: best.failure.error.line)
    }
}
