import IntakeCore
import IntakeSystem
/// A worksheet's rows, one at a time, streamed from the sheet's part.
///
/// Empty rows (no row element, or only cells without a value) are skipped; the
/// first row returned is the header. Cells are placed by their reference
/// (`C17`, or the next column when a cell has none); missing cells are empty;
/// merged cells are not spread. Values are text: shared and inline strings
/// (rich text runs concatenated), numbers as Excel shows them (see
/// ``XLSXCellKind``), dates and times as ISO 8601 by the cell's number format,
/// booleans as `true`/`false`, error values as their text (`#N/A`), formulas as
/// their cached value (a formula never calculated is an empty
/// ``XLSXCellKind/uncalculatedFormula`` cell, which makes its row non-empty).
/// Rows or cells out of order, references past Excel's largest sheet, a
/// shared-string index past the table or a row larger than
/// ``XLSXLimits/maxRowBytes`` fail the sheet (`xlsx_sheet`).
///
/// Two ways to read: ``next()`` returns an ``XLSXRow`` value; ``advance()`` with
/// ``field(_:)`` reads the current row's bytes in place (valid until the next
/// call), without allocating per row. Memory stays flat in the number of rows.
public final class XLSXRowReader {
    let part: XLSXPartScanner
    let strings: XLSXSharedStrings
    let styles: XLSXStyles
    let dateSystem: XLSXDateSystem
    let recalculatesOnLoad: Bool
    let limits: XLSXLimits

    /// The current row's 1-based number in the worksheet.
    public private(set) var rowNumber = 0
    /// Where rows that have cells but no value (styled blank rows) are
    /// counted as they are skipped; nil (the header's rows): not counted.
    var emptyRows: EmptyRows?
    /// Whether the row being read has a cell element.
    private var rowHasCells = false
    /// The current row's values: bytes `starts[i]..<ends[i]` of the arena, by column.
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCapacity = 4096
    private var arenaCount = 0
    private var starts: [Int] = []
    private var ends: [Int] = []
    private var kinds: [XLSXCellKind] = []
    /// The current row's cell formats (`s`), by column; kept only in a workbook
    /// with zero-padding formats (``XLSXStyles/padding(_:)``), else empty.
    private(set) var cellStyles: [Int] = []
    private let keepsStyles: Bool
    /// How many of the current row's cells are formulas never calculated.
    private(set) var uncalculatedCells = 0

    // Parse state: depths of the open sheetData, row, cell, value and inline string (-1: not open).
    private var sheetDataDepth = -1
    private var rowDepth = -1
    private var cellDepth = -1
    private var valueDepth = -1
    private var inlineDepth = -1
    private var lastRow = 0
    private var lastColumn = -1
    var cell = XLSXCellState()
    var valueText: [UInt8] = []
    var inline = XLSXText()
    private var inlineRoles: [XLSXTextRole] = []
    var converted: [UInt8] = []
    private var finished = false
    private var failure: XLSXError?

    init(workbook: XLSXWorkbook, part: XLSXPartScanner) throws(XLSXError) {
        self.part = part
        strings = workbook.sharedStrings
        styles = workbook.styles
        dateSystem = workbook.dateSystem
        recalculatesOnLoad = workbook.recalculatesOnLoad
        keepsStyles = workbook.styles.hasPaddings
        limits = workbook.limits
        arena = .allocate(capacity: arenaCapacity)
    }

    deinit { arena.deallocate() }

    /// The worksheet part being read (`xl/worksheets/sheet1.xml`).
    public var partName: String { part.part }
    /// Compressed bytes of the worksheet read so far (progress).
    public var bytesRead: Int64 { part.compressedBytesRead }
    /// Number of columns of the current row, up to its last non-empty cell.
    public var fieldCount: Int { starts.count }

    /// The current row's value in 0-based `column` (empty past ``fieldCount``);
    /// valid until the next ``advance()`` or ``next()``.
    public func field(_ column: Int) -> UnsafeBufferPointer<UInt8> {
        guard column >= 0 && column < starts.count else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: arena + starts[column], count: ends[column] - starts[column])
    }

    /// What the current row's cell in `column` held.
    public func kind(_ column: Int) -> XLSXCellKind {
        column >= 0 && column < kinds.count ? kinds[column] : .empty
    }

    /// The reference of the current row's cell in `column` (`C17`).
    public func reference(_ column: Int) -> String {
        XLSXCellReference.name(column: column, row: rowNumber)
    }

    /// The next non-empty row as a value, or nil once the whole sheet was read and checked.
    public func next() throws(XLSXError) -> XLSXRow? {
        guard try advance() else { return nil }
        let values = (0..<fieldCount).map { String(decoding: field($0), as: UTF8.self) }
        return XLSXRow(number: rowNumber, values: values, kinds: kinds)
    }

    /// Moves to the next non-empty row; false once the whole part was read and
    /// checked (its XML complete, its size and CRC right). After a throw every call throws the same error.
    public func advance() throws(XLSXError) -> Bool {
        if let failure { throw failure }
        if finished { return false }
        do {
            return try step()
        } catch {
            failure = error
            throw error
        }
    }

    private func step() throws(XLSXError) -> Bool {
        while true {
            switch try part.next() {
            case .startTag:
                try start()
            case .endTag:
                if try end() { return true }
            case .text:
                if valueDepth >= 0 {
                    part.scanner.appendText(to: &valueText)
                    guard valueText.count <= limits.maxCellBytes else { throw cellTooLong() }
                } else if inlineDepth >= 0 {
                    try inline.text(part, limit: limits.maxCellBytes)
                }
            case .end:
                finished = true
                return false
            case .needMore, .skipped:
                continue
            }
        }
    }

    private func start() throws(XLSXError) {
        let depth = part.scanner.depth
        if inlineDepth >= 0 {
            inlineRoles.append(inline.start(part))
        } else if cellDepth >= 0 {
            guard depth == cellDepth + 1 else { return }
            if part.isElement("v") {
                valueDepth = depth
                valueText.removeAll(keepingCapacity: true)
            } else if part.isElement("is") {
                inlineDepth = depth
                inline.begin()
                inlineRoles.removeAll(keepingCapacity: true)
                cell.hasInline = true
            } else if part.isElement("f") {
                cell.hasFormula = true
            }
        } else if rowDepth >= 0 {
            if depth == rowDepth + 1 && part.isElement("c") { try startCell(depth) }
        } else if sheetDataDepth >= 0 {
            if depth == sheetDataDepth + 1 && part.isElement("row") { try startRow(depth) }
        } else if sheetDataDepth == -1 && depth == 2 && part.isElement("sheetData") {
            sheetDataDepth = depth
        }
    }

    /// Handles an end tag; true when it ended a non-empty row.
    private func end() throws(XLSXError) -> Bool {
        let depth = part.scanner.depth
        if valueDepth >= 0 && depth < valueDepth {
            valueDepth = -1
            cell.hasValue = true
        } else if inlineDepth >= 0 {
            if depth < inlineDepth {
                inlineDepth = -1
            } else if let role = inlineRoles.popLast() {
                inline.end(role)
            }
        } else if cellDepth >= 0 && depth < cellDepth {
            cellDepth = -1
            try finishCell()
        } else if rowDepth >= 0 && depth < rowDepth {
            rowDepth = -1
            if starts.isEmpty, rowHasCells { emptyRows?.skip("row \(rowNumber)") }
            return !starts.isEmpty
        } else if sheetDataDepth >= 0 && depth < sheetDataDepth {
            sheetDataDepth = -2
        }
        return false
    }

    private func startRow(_ depth: Int) throws(XLSXError) {
        var number = lastRow + 1
        if let given = parseAttribute("r", { XLSXCellReference.number($0) }) {
            guard let given, given >= 1 else {
                throw sheetError("a row has the number \"\(part.string("r") ?? "")\"", row: lastRow + 1)
            }
            number = given
        }
        guard number > lastRow else {
            throw sheetError("row \(number) comes after row \(lastRow) (rows out of order)", row: number)
        }
        guard number <= XLSXCellReference.maxRows else {
            throw sheetError("row \(number) is past Excel's last row (\(XLSXCellReference.maxRows))", row: number)
        }
        lastRow = number
        rowNumber = number
        rowDepth = depth
        rowHasCells = false
        lastColumn = -1
        arenaCount = 0
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        kinds.removeAll(keepingCapacity: true)
        if keepsStyles { cellStyles.removeAll(keepingCapacity: true) }
        uncalculatedCells = 0
    }

    private func startCell(_ depth: Int) throws(XLSXError) {
        var column = lastColumn + 1
        if let reference = parseAttribute("r", { XLSXCellReference.parse($0) }) {
            guard let reference else {
                throw sheetError("a cell has the reference \"\(part.string("r") ?? "")\"", row: rowNumber)
            }
            column = reference.column
        }
        guard column > lastColumn else {
            throw sheetError(
                "cell \(XLSXCellReference.name(column: column, row: rowNumber)) comes after column"
                    + " \(XLSXCellReference.columnName(lastColumn)) (cells out of order or given twice)",
                row: rowNumber)
        }
        guard column < XLSXCellReference.maxColumns else {
            throw sheetError("a cell is past Excel's last column (XFD)", row: rowNumber)
        }
        lastColumn = column
        rowHasCells = true
        cellDepth = depth
        let type = parseAttribute("t", { XLSXCellState.CellType($0) }) ?? .number
        let style = parseAttribute("s", { XLSXCellReference.number($0) }) ?? 0
        cell.begin(column: column, type: type ?? .number, style: style ?? 0)
    }

    /// Stores the converted value of the cell that just ended.
    private func finishCell() throws(XLSXError) {
        let kind = try convertCell()
        guard kind == .uncalculatedFormula || (kind != .empty && !converted.isEmpty) else { return }
        guard arenaCount + converted.count <= limits.maxRowBytes else {
            throw sheetError("row \(rowNumber) holds more than \(limits.maxRowBytes) bytes of values", row: rowNumber)
        }
        while starts.count < cell.column {
            starts.append(arenaCount)
            ends.append(arenaCount)
            kinds.append(.empty)
            if keepsStyles { cellStyles.append(0) }
        }
        if arenaCount + converted.count > arenaCapacity {
            var capacity = arenaCapacity
            while capacity < arenaCount + converted.count { capacity *= 2 }
            arena = ReadBuffer.moved(arena, count: arenaCount, capacity: capacity)
            arenaCapacity = capacity
        }
        converted.withUnsafeBufferPointer { bytes in
            if let base = bytes.baseAddress { (arena + arenaCount).update(from: base, count: bytes.count) }
        }
        starts.append(arenaCount)
        arenaCount += converted.count
        ends.append(arenaCount)
        kinds.append(kind)
        if keepsStyles { cellStyles.append(cell.style) }
        if kind == .uncalculatedFormula { uncalculatedCells += 1 }
    }

    /// Attribute `name` parsed by `parse` from its bytes (raw when they hold no
    /// reference, so no allocation): nil when absent, `.some(nil)` when unparsable.
    @inline(__always)
    private func parseAttribute<T>(_ name: StaticString, _ parse: (UnsafeBufferPointer<UInt8>) -> T?) -> T?? {
        if let raw = part.rawValue(name) { return .some(parse(raw)) }
        guard let decoded = part.value(name) else { return .none }
        return .some(decoded.withUnsafeBufferPointer { parse($0) })
    }

    func sheetError(_ what: String, row: Int) -> XLSXError {
        XLSXError(
            .sheet,
            "in the worksheet \(part.part), \(what); the sheet is damaged or was not written by a spreadsheet"
                + " program: open it in Excel or LibreOffice and save it again",
            part: part.part)
    }

    private func cellTooLong() -> XLSXError {
        sheetError(
            "cell \(XLSXCellReference.name(column: cell.column, row: rowNumber)) holds more than \(limits.maxCellBytes) bytes",
            row: rowNumber)
    }
}

@available(*, unavailable)
extension XLSXRowReader: Sendable {}
