import IntakeCore
import IntakeSystem
/// Number cells as their number format shows them with its zero padding, for
/// identifier columns (`000901138599` through `000000000000`).
extension XLSXRowReader {
    /// Appends the current row's number cell in `column` as its format pads it
    /// (see ``XLSXZeroPadding``); false, nothing appended, when the cell is no
    /// number cell, its format pads nothing, or the number is not a whole one.
    func appendPadded(_ column: Int, to out: inout [UInt8]) -> Bool {
        guard kind(column) == .number, column < cellStyles.count, let padding = styles.padding(cellStyles[column]),
            let number = XLSXDecimal(field(column))
        else { return false }
        return padding.append(number, to: &out)
    }
}
