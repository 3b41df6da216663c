/// A document opened for a job, whatever its format: its records seen through
/// the type's schema, the report they fill, and what the document says about
/// itself (a body's type, `update_payments`).
struct OpenedDocument {
    /// The records, by format: a concrete type each, so the row loop is specialised.
    enum Cursor {
        case csv(CSVRow<InputSource>)
        case flat(FlatRow)
    }

    let cursor: Cursor
    let report: ReportBuilder
    let observer: ReadObserver
    /// The encoding the document is read in, as its bytes decided it.
    let encoding: EncodingChoice
    /// Most records the document may hold (Trustpair's inline cap), or nil;
    /// asked once the first record was read (when the document's shape is known).
    var recordLimit: () -> Int? = { nil }
    /// Checks once the whole document was read (a body's type against the file's).
    var finalCheck: () throws(DocumentFailure) -> Void = {}
    /// Papaya's `update_payments`, once the whole document was read.
    var updatePayments: () -> Bool? = { nil }

    /// Warnings about the document as a whole (unknown columns or keys).
    var documentWarnings: [RowIssue] {
        let format: [RowIssue] = switch cursor {
        case .csv(let row): row.mapping.warnings
        case .flat(let row): row.warnings
        }
        return (encoding.warning.map { [$0] } ?? []) + format
    }
}
