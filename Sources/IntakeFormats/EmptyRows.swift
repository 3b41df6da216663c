import IntakeCore
import IntakeSystem
/// Records skipped because every cell of them is empty — the `,,,,,,` lines
/// spreadsheets save for formatted blank rows, a worksheet row of styled
/// cells without values, a JSON `{}` or object of nulls — counted for the one
/// document warning `empty_rows_skipped`. Such a record is not a row: it
/// never fails, never counts, never fails an `all_or_nothing` document.
///
/// Used by one cursor on the parsing thread; read once the document was read.
final class EmptyRows {
    /// Places of skipped records shown in the warning.
    static let shownPlaces = 5

    /// Records skipped so far.
    private(set) var count = 0
    /// Where the first ones were (`line 7`, `$[3]`).
    private(set) var places: [String] = []

    /// Counts a skipped record at `place`.
    func skip(_ place: @autoclosure () -> String) {
        count += 1
        if places.count < EmptyRows.shownPlaces { places.append(place()) }
    }

    /// Whether a cell's text is empty: nothing, or only spaces and tabs.
    @inline(__always)
    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// The document warning, or nil when nothing was skipped.
    var warning: RowIssue? {
        guard count > 0 else { return nil }
        let more = count > places.count ? ", …" : ""
        return RowIssue(Issue(
            "empty_rows_skipped", field: "",
            description: "\(count) row\(count == 1 ? "" : "s") with every cell empty (as spreadsheets save formatted blank rows)"
                + " \(count == 1 ? "was" : "were") skipped, like blank lines: \(places.joined(separator: ", "))\(more)",
            severity: .warning))
    }
}
