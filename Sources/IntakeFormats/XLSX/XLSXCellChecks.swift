import IntakeCore
import IntakeSystem
/// The cells of a worksheet row whose value is not simply their text: formulas
/// never calculated (the row fails `formula_not_calculated`), and number cells
/// in identifier columns, read as their number format pads them
/// (`000901138599`) or else warned about (`identifier_from_number_cell`).
///
/// Worked out once per row, on first use, into one reused ``ByteCopy``. Not
/// thread-safe: it belongs to its ``XLSXRowCursor``.
final class XLSXCellChecks {
    /// The name of the schema field read from each column, if any.
    private let fieldOfColumn: [String?]
    /// The columns read into a field, and those read into an identifier field
    /// (``FieldDefinition/isIdentifier``), in order.
    private let readColumns: [Int]
    private let identifierColumns: [Int]
    /// The row the state below is for (-1: none yet).
    private var row = -1
    /// Padded identifier values: bytes `starts[c]..<ends[c]` of `copy` (start -1: none).
    private var starts: [Int]
    private var ends: [Int]
    private var paddedColumns: [Int] = []
    private let copy = ByteCopy(capacity: 256)
    private var scratch: [UInt8] = []
    /// Columns read into a field whose formula was never calculated.
    private var uncalculated: [Int] = []
    /// Identifier columns holding a number cell whose format pads nothing.
    private var unpadded: [Int] = []

    /// Checks for a sheet whose columns hold the fields of `columnOfField` (by
    /// field, -1: absent) and the properties kept in `extra` of `extraColumns`
    /// (their formulas are checked too; they are never identifiers).
    init(fields: [FieldDefinition], columnOfField: [Int], extraColumns: [(column: Int, name: String)] = [], columnCount: Int) {
        var fieldOfColumn = [String?](repeating: nil, count: columnCount)
        var identifier = Array(repeating: false, count: columnCount)
        for (field, column) in columnOfField.enumerated() where column >= 0 && column < columnCount && field < fields.count {
            fieldOfColumn[column] = fields[field].name
            identifier[column] = fields[field].isIdentifier
        }
        for (column, name) in extraColumns where column >= 0 && column < columnCount {
            fieldOfColumn[column] = name
        }
        self.fieldOfColumn = fieldOfColumn
        readColumns = fieldOfColumn.indices.filter { fieldOfColumn[$0] != nil }
        identifierColumns = identifier.indices.filter { identifier[$0] }
        starts = Array(repeating: -1, count: columnCount)
        ends = Array(repeating: -1, count: columnCount)
    }

    /// Whether a cell read into a field holds a formula never calculated: the
    /// row's values are not what the sheet shows, so its fields are not checked.
    func hasUncalculated(_ reader: XLSXRowReader) -> Bool {
        guard reader.uncalculatedCells > 0 else { return false }
        prepare(reader)
        return !uncalculated.isEmpty
    }

    /// The identifier in `column` as its number format pads it; nil when the
    /// cell is no number cell of an identifier column or its format pads nothing.
    func padded(_ column: Int, _ reader: XLSXRowReader) -> UnsafeBufferPointer<UInt8>? {
        prepare(reader)
        guard column >= 0 && column < starts.count && starts[column] >= 0 else { return nil }
        return copy.bytes(starts[column]..<ends[column])
    }

    /// The row's `formula_not_calculated` errors and `identifier_from_number_cell` warnings, cell by cell.
    func issues(_ reader: XLSXRowReader, into issues: inout [Issue]) {
        prepare(reader)
        for column in uncalculated {
            let cell = reader.reference(column)
            issues.append(Issue(
                "formula_not_calculated", field: fieldOfColumn[column] ?? "",
                description: "cell \(cell) holds a formula whose value was never calculated (the program that wrote the"
                    + " workbook left no value, or a placeholder, for a spreadsheet to calculate on opening), so it"
                    + " is not read; open the workbook in Excel or LibreOffice and save it, so that the values are"
                    + " calculated, then drop it again"))
        }
        for column in unpadded {
            let cell = reader.reference(column)
            let name = fieldOfColumn[column] ?? ""
            issues.append(Issue(
                "identifier_from_number_cell", field: name,
                description: "cell \(cell) is a number cell read into the identifier \(name): leading zeros may have"
                    + " been lost (a number cell keeps none); format the column as Text (or with a zero-padded number"
                    + " format such as 000000000000) and type the values again",
                bytes: reader.field(column), severity: .warning))
        }
    }

    /// Works the current row out, once.
    private func prepare(_ reader: XLSXRowReader) {
        guard row != reader.rowNumber else { return }
        row = reader.rowNumber
        for column in paddedColumns { starts[column] = -1 }
        paddedColumns.removeAll(keepingCapacity: true)
        uncalculated.removeAll(keepingCapacity: true)
        unpadded.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        if reader.uncalculatedCells > 0 {
            for column in readColumns where reader.kind(column) == .uncalculatedFormula { uncalculated.append(column) }
        }
        for column in identifierColumns where reader.kind(column) == .number {
            let start = scratch.count
            if reader.appendPadded(column, to: &scratch) {
                starts[column] = start
                ends[column] = scratch.count
                paddedColumns.append(column)
            } else {
                unpadded.append(column)
            }
        }
        if !scratch.isEmpty { copy.set(scratch) }
    }
}

@available(*, unavailable)
extension XLSXCellChecks: Sendable {}
