import IntakeSystem
import IntakeCore
/// A workbook past its header row: the rows of its table through the type's
/// schema, and a rejected file that is a CSV.
struct OpenedXLSX: OpenedDocument {
    let cursor: XLSXRowCursor
    /// The header row's values, by column.
    let header: [String]
    /// The worksheet read (for messages).
    let sheetName: String
    let schema: RecordSchema

    /// `JOB.rejected.csv`: a workbook's failed rows come back as CSV text.
    var rejectedExtension: String { "csv" }

    func makeRejectedWriter(path: String, mode: UInt32, sealer: (any FileSealer)?) throws(SystemError) -> any RejectedRecordsWriter {
        var columnOfField: [String: Int] = [:]
        for (field, column) in cursor.mapping.columnOfField.enumerated() where column >= 0 {
            columnOfField[schema.fields[field].name] = column
        }
        // Properties kept in `extra` are named in issues (an uncalculated formula) like fields.
        for (column, name) in cursor.mapping.extraColumns { columnOfField[name] = column }
        return try XLSXRejectedWriter(path: path, mode: mode, sealer: sealer, header: header, columnOfField: columnOfField)
    }

    /// Rows above the header, columns whose header names no field, empty rows skipped.
    var warnings: [RowIssue] { cursor.mapping.warnings + (cursor.emptyRows.warning.map { [$0] } ?? []) }

    var noRecords: DocumentFailure {
        DocumentFailure(
            "no_records",
            "the worksheet \"\(sheetName)\" has a header row but no rows below it; add the records under the header",
            line: cursor.reader.rowNumber)
    }
}

/// `JOB.rejected.csv` of a workbook: UTF-8 with a BOM (so Excel reads the
/// accents right), the header row, then each failed row's values as text
/// (RFC 4180, CRLF), in the header's columns. Dropped again, it imports as
/// exactly the rows that failed.
///
/// It also names the cell of a failed field for the errors CSV's `path`
/// (``cell(field:line:)``): it knows the workbook's columns.
final class XLSXRejectedWriter: RejectedRecordsWriter {
    private let file: BufferedFile
    /// Each mapped field's 0-based column, by the field's name.
    private let columnOfField: [String: Int]

    init(path: String, mode: UInt32, sealer: (any FileSealer)?, header: [String], columnOfField: [String: Int]) throws(SystemError) {
        file = try BufferedFile(path: path, mode: mode, sealer: sealer)
        self.columnOfField = columnOfField
        var first: [UInt8] = [0xEF, 0xBB, 0xBF]
        for (column, name) in header.enumerated() {
            if column > 0 { first.append(UInt8(ascii: ",")) }
            var name = name
            name.withUTF8 { XLSXRowCursor.appendCSVCell($0, to: &first) }
        }
        first += [0x0D, 0x0A]
        try first.withUnsafeBufferPointer { (bytes) throws(SystemError) in try file.write(bytes) }
    }

    func add(raw: UnsafeBufferPointer<UInt8>, group: Int) throws(SystemError) {
        try file.write(raw)
    }

    func commit() throws(SystemError) { try file.commit() }

    /// The cell of `field` in worksheet row `line` (`C17`); the whole row
    /// (`17:17`, as Excel writes it) for an issue about the row or a field
    /// that has no column.
    func cell(field: String, line: Int) -> String? {
        guard let column = columnOfField[field] else { return "\(line):\(line)" }
        return XLSXCellReference.name(column: column, row: line)
    }
}
