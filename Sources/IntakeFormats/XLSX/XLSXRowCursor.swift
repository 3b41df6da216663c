import IntakeCore
import IntakeSystem
/// The current row of a worksheet seen through a ``HeaderMapping``: what the
/// engine reads of an `.xlsx` drop, the way ``CSVRow`` serves a CSV.
///
/// Values are the reader's canonical text (ISO dates, numbers as Excel shows
/// them); a mapped column whose cell is empty or absent gives an empty value,
/// as a blank CSV cell does. ``raw`` is the row as one CSV line (the header's
/// columns, RFC 4180 quoting, CRLF) for the rejected CSV, built in one reused
/// buffer. A cell holding a value in a column without a header name is a row
/// warning (`unheaded_cell`): its value is not read. In a workspace whose
/// amounts are written with a decimal comma, a number cell of a decimal field
/// is given with `,` (`19,99`), as that locale's Excel shows it, so the
/// workspace's amount rule reads it as the number it is (`1.234` is never
/// taken for 1234 with `.` thousands). A formula never calculated fails its
/// row, and a number cell in an identifier column is read as its format pads
/// it (see ``XLSXCellChecks``). Not thread-safe: one cursor belongs to the
/// parsing thread.
final class XLSXRowCursor: RecordCursor {
    /// Kept open while its rows are read: the reader pulls parts from its archive.
    let workbook: XLSXWorkbook
    let reader: XLSXRowReader
    let mapping: HeaderMapping
    /// Rows below the header skipped because every cell is empty.
    let emptyRows = EmptyRows()
    /// Columns whose header cell has a name (the rest are read as unheaded).
    private let named: [Bool]
    /// The current row as a CSV line.
    private let line = ByteCopy(capacity: 1024)
    private var lineRow = -1
    private var scratch: [UInt8] = []
    /// For each field, a buffer of ``commaCapacity`` bytes when its number cells
    /// are given with a decimal comma; nil otherwise (and for every field when
    /// the workspace writes amounts with a point).
    private let commaBuffers: [UnsafeMutablePointer<UInt8>?]
    /// For each column, whether its number cells get a comma (in the rejected CSV too).
    private let commaColumns: [Bool]
    /// A number with its comma while it is copied into the CSV line (the fields'
    /// buffers stay as the validator read them).
    private let rawComma: UnsafeMutablePointer<UInt8> = .allocate(capacity: XLSXRowCursor.commaCapacity)
    static let commaCapacity = 64
    /// Uncalculated formulas and number cells in identifier columns.
    private let checks: XLSXCellChecks

    /// A cursor over `reader`'s rows after the header; `fields` are the
    /// schema's, whose decimal fields' number cells get a comma when `decimalComma`.
    init(
        workbook: XLSXWorkbook, reader: XLSXRowReader, mapping: HeaderMapping, header: [String],
        fields: [FieldDefinition] = [], decimalComma: Bool = false
    ) {
        self.workbook = workbook
        self.reader = reader
        self.mapping = mapping
        reader.emptyRows = emptyRows
        named = header.map { !HeaderMapping.normalize($0).isEmpty }
        scratch.reserveCapacity(1024)
        commaBuffers = mapping.columnOfField.indices.map { field in
            decimalComma && field < fields.count && fields[field].kind == .decimal
                ? .allocate(capacity: XLSXRowCursor.commaCapacity) : nil
        }
        var commaColumns = Array(repeating: false, count: mapping.columnCount)
        for (field, column) in mapping.columnOfField.enumerated() where column >= 0 && column < commaColumns.count {
            commaColumns[column] = commaBuffers[field] != nil
        }
        self.commaColumns = commaColumns
        checks = XLSXCellChecks(
            fields: fields, columnOfField: mapping.columnOfField, extraColumns: mapping.extraColumns,
            columnCount: mapping.columnCount)
    }

    deinit {
        rawComma.deallocate()
        for buffer in commaBuffers { buffer?.deallocate() }
    }

    /// The record's `extra` from the header's ``HeaderMapping/extraColumns``.
    private let extra = ExtraProperties()

    @inline(__always)
    func rawValue(_ field: Int) -> UnsafeBufferPointer<UInt8>? {
        let column = mapping.columnOfField[field]
        guard column >= 0 else {
            guard field == mapping.extraField, !mapping.extraColumns.isEmpty else { return nil }
            return extra.json {
                for (column, name) in mapping.extraColumns where column < reader.fieldCount {
                    let value = reader.field(column)
                    if !value.trimmed().isEmpty { extra.add(name, value, kind: .string) }
                }
            }
        }
        let value = reader.field(column)
        guard reader.kind(column) == .number else { return value }
        if let buffer = commaBuffers[field] { return XLSXRowCursor.withComma(value, in: buffer) }
        return checks.padded(column, reader) ?? value
    }

    /// `value` with its decimal point as a comma, copied into `buffer`; `value`
    /// itself when it has no point or is too long for the buffer (no amount is).
    static func withComma(_ value: UnsafeBufferPointer<UInt8>, in buffer: UnsafeMutablePointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard value.count <= commaCapacity, let base = value.baseAddress, value.contains(UInt8(ascii: ".")) else { return value }
        buffer.update(from: base, count: value.count)
        for index in 0..<value.count where buffer[index] == UInt8(ascii: ".") { buffer[index] = UInt8(ascii: ",") }
        return UnsafeBufferPointer(start: buffer, count: value.count)
    }

    /// The next row with a value; rows whose cells are all empty or blank
    /// are skipped and counted in ``emptyRows`` (the reader counts those
    /// whose cells hold no value at all).
    func next() throws -> Bool {
        extra.reset()
        while try reader.advance() {
            // A formula never calculated has no text, yet the row is not empty: it fails.
            guard (0..<reader.fieldCount).allSatisfy({ reader.kind($0) != .uncalculatedFormula && EmptyRows.isBlank(reader.field($0)) })
            else { return true }
            emptyRows.skip("row \(reader.rowNumber)")
        }
        return false
    }
    /// The worksheet row number (what Excel shows at the left).
    var reportedLine: Int? { reader.rowNumber }
    /// None: a row is placed by its line; a failed field's cell is named by
    /// ``XLSXRejectedWriter/cell(field:line:)``.
    var position: String? { nil }
    var group: Int { 0 }
    /// Compressed bytes of the worksheet read so far.
    var bytesRead: Int64 { reader.bytesRead }
    /// A row with a formula never calculated: its values are not what the sheet shows.
    var failsWhole: Bool { checks.hasUncalculated(reader) }

    /// An error for each formula never calculated, a warning for each number
    /// cell of an identifier column that its format does not pad, and one for
    /// each cell with a value in a column the header does not name.
    func shapeIssues(into issues: inout [Issue]) {
        checks.issues(reader, into: &issues)
        guard reader.fieldCount > 0 else { return }
        for column in 0..<reader.fieldCount where !(column < named.count && named[column]) {
            guard reader.kind(column) != .empty else { continue }
            issues.append(Issue(
                "unheaded_cell", field: "",
                description: "cell \(reader.reference(column)) holds a value but its column has no header, so it was not read;"
                    + " name the column in the header row or clear the cell",
                bytes: reader.field(column), severity: .warning))
        }
    }

    /// The row's values as one CSV line (the header's columns), valid until the next row.
    var raw: UnsafeBufferPointer<UInt8> {
        if lineRow != reader.rowNumber {
            scratch.removeAll(keepingCapacity: true)
            for column in 0..<mapping.columnCount {
                if column > 0 { scratch.append(UInt8(ascii: ",")) }
                var value = reader.field(column)
                if reader.kind(column) == .number {
                    if commaColumns[column] {
                        value = XLSXRowCursor.withComma(value, in: rawComma)
                    } else if let padded = checks.padded(column, reader) {
                        value = padded
                    }
                }
                XLSXRowCursor.appendCSVCell(value, to: &scratch)
            }
            scratch.append(contentsOf: [0x0D, 0x0A])
            line.set(scratch)
            lineRow = reader.rowNumber
        }
        return line.all
    }

    /// Appends `value` as one RFC 4180 cell: quoted, inner quotes doubled, when
    /// it holds `,`, `"`, CR or LF; otherwise as is. Never prefixed: the file is
    /// dropped again, and its values must come back unchanged.
    static func appendCSVCell(_ value: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let quote = UInt8(ascii: "\"")
        let needsQuotes = value.contains { $0 == UInt8(ascii: ",") || $0 == quote || $0 == 0x0D || $0 == 0x0A }
        guard needsQuotes else {
            out.append(contentsOf: value)
            return
        }
        out.append(quote)
        for byte in value {
            if byte == quote { out.append(quote) }
            out.append(byte)
        }
        out.append(quote)
    }
}
