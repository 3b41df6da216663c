import IntakeCore
import IntakeSystem
/// A1-style cell references: `C17` is column 2 (0-based), row 17 (1-based).
public enum XLSXCellReference {
    /// Columns in Excel's largest sheet (A to XFD).
    public static let maxColumns = 16_384
    /// Rows in Excel's largest sheet.
    public static let maxRows = 1_048_576

    /// The column (0-based) and row (1-based, or nil when the reference has only
    /// letters) of `text`; nil when it is no reference inside Excel's largest sheet.
    static func parse<Bytes: Collection<UInt8>>(_ text: Bytes) -> (column: Int, row: Int?)? where Bytes.Index == Int {
        var index = text.startIndex
        var column = 0
        while index < text.endIndex, (text[index] | 0x20) &- 0x61 < 26 {
            column = column * 26 + Int((text[index] | 0x20) &- 0x61) + 1
            guard column <= maxColumns else { return nil }
            index += 1
        }
        guard column > 0 else { return nil }
        guard index < text.endIndex else { return (column - 1, nil) }
        guard let row = number(text[index...]), row >= 1, row <= maxRows else { return nil }
        return (column - 1, row)
    }

    /// A positive decimal integer of at most 9 digits, or nil.
    static func number<Bytes: Collection<UInt8>>(_ text: Bytes) -> Int? {
        guard !text.isEmpty, text.count <= 9 else { return nil }
        var value = 0
        for byte in text {
            guard byte &- 0x30 < 10 else { return nil }
            value = value * 10 + Int(byte &- 0x30)
        }
        return value
    }

    /// The letters of 0-based `column`: 0 is `A`, 26 is `AA`.
    public static func columnName(_ column: Int) -> String {
        var letters: [UInt8] = []
        var rest = column + 1
        while rest > 0 {
            rest -= 1
            letters.append(UInt8(ascii: "A") + UInt8(rest % 26))
            rest /= 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    /// `C17` for 0-based column 2 and row 17.
    public static func name(column: Int, row: Int) -> String {
        columnName(column) + String(row)
    }
}
