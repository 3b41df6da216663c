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

    /// ``documentWarnings`` once the document was read to its end, with
    /// `no_final_line_break` for a line-based file (CSV, JSON Lines) whose last
    /// line is not ended: an upload cut off mid-row looks like that, and its
    /// last row may hold a cut value (`1` of `1.78`) that is valid on its face.
    func warningsAtEnd(format: DocumentFormat) -> [RowIssue] {
        var warnings = documentWarnings
        if format == .csv || format == .jsonLines, let last = observer.lastByte, last != UInt8(ascii: "\n"), last != UInt8(ascii: "\r") {
            warnings.append(RowIssue(Issue(
                "no_final_line_break", field: "",
                description: "the file does not end with a line break: if its upload was cut off, the last row may be incomplete; check it, or drop the whole file again",
                severity: .warning)))
        }
        return warnings
    }
}
