import IntakeCore
import IntakeSystem
/// The cell being read: its column, type (`t`) and style (`s`).
struct XLSXCellState {
    /// A cell's `t` attribute.
    enum CellType {
        case number, sharedString, inlineString, formulaString, boolean, error, isoDate
    }

    var column = 0
    var type = CellType.number
    var style = 0
    var hasValue = false
    var hasInline = false
    /// The cell has an `<f>` (its `<v>`, if any, is the formula's cached value).
    var hasFormula = false

    mutating func begin(column: Int, type: CellType, style: Int) {
        self.column = column
        self.type = type
        self.style = style
        hasValue = false
        hasInline = false
        hasFormula = false
    }
}

extension XLSXCellState.CellType {
    /// The type a `t` attribute names; a number for an unknown one (`n` included).
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        switch bytes.count {
        case 1:
            switch bytes[0] {
            case UInt8(ascii: "s"): self = .sharedString
            case UInt8(ascii: "b"): self = .boolean
            case UInt8(ascii: "e"): self = .error
            case UInt8(ascii: "d"): self = .isoDate
            default: self = .number
            }
        case 3 where bytes.elementsEqual("str".utf8): self = .formulaString
        case 9 where bytes.elementsEqual("inlineStr".utf8): self = .inlineString
        default: self = .number
        }
    }
}

/// Turning a cell's `<v>` or `<is>` into its text, by its type and number format.
extension XLSXRowReader {
    /// Fills `converted` with the cell's text and returns its kind (`.empty` when it has no value).
    func convertCell() throws(XLSXError) -> XLSXCellKind {
        converted.removeAll(keepingCapacity: true)
        if cell.hasFormula && !cell.hasInline && !formulaWasCalculated { return .uncalculatedFormula }
        if cell.hasInline && (cell.type == .inlineString || !cell.hasValue) {
            converted += inline.finish()
            return .text
        }
        guard cell.hasValue, !valueText.isEmpty else { return .empty }
        switch cell.type {
        case .sharedString:
            guard let index = XLSXCellReference.number(valueText),
                try strings.append(string: index, to: &converted)
            else {
                throw sheetError(
                    "cell \(XLSXCellReference.name(column: cell.column, row: rowNumber)) refers to shared string"
                        + " \"\(String(decoding: valueText, as: UTF8.self))\", but the workbook has \(strings.count)",
                    row: rowNumber)
            }
            return .text
        case .inlineString, .formulaString:
            XLSXText.decodeEscapes(&valueText)
            converted += valueText
            return .text
        case .boolean:
            if valueText == [UInt8(ascii: "1")] {
                converted += "true".utf8
            } else if valueText == [UInt8(ascii: "0")] {
                converted += "false".utf8
            } else {
                converted += valueText
            }
            return .boolean
        case .error:
            converted += valueText
            return .error
        case .isoDate:
            converted += Self.isoDate(valueText)
            return .date
        case .number:
            return convertNumber()
        }
    }

    /// Whether the formula cell being read holds a calculated value: it has a
    /// `<v>`, and — in a workbook that asks to be recalculated on opening —
    /// that value is neither empty nor a number cell's placeholder `0`.
    private var formulaWasCalculated: Bool {
        guard cell.hasValue else { return false }
        guard recalculatesOnLoad else { return true }
        return !valueText.isEmpty && !(cell.type == .number && valueText == [UInt8(ascii: "0")])
    }

    private func convertNumber() -> XLSXCellKind {
        let parsed = valueText.withUnsafeBufferPointer { XLSXDecimal($0) }
        guard let number = parsed else {
            converted += valueText
            return .number
        }
        let format = styles.format(cell.style)
        if format != .number,
            XLSXDate.append(number, system: dateSystem, timeOnly: format == .time, to: &converted)
        {
            return .date
        }
        number.append(to: &converted)
        return .number
    }

    /// An ISO 8601 date cell (`t="d"`): the date alone when its time is midnight.
    static func isoDate(_ text: [UInt8]) -> ArraySlice<UInt8> {
        guard text.count > 10, text[10] == UInt8(ascii: "T") else { return text[...] }
        let time = text[11...]
        let midnight = time.allSatisfy {
            $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "Z")
        }
        return midnight ? text[..<10] : text[...]
    }
}
