import IntakeCore
import IntakeSystem
/// A sheet of a workbook, as `xl/workbook.xml` lists it.
public struct XLSXSheet: Sendable, Equatable {
    /// Whether the sheet shows in Excel's tabs.
    public enum Visibility: Sendable, Equatable {
        /// Shown (the default).
        case visible
        /// Hidden; the user can unhide it (`state="hidden"`).
        case hidden
        /// Hidden so that only a macro or the file can unhide it (`state="veryHidden"`).
        case veryHidden
    }

    /// The sheet's name on its tab.
    public let name: String
    /// 0-based position in the workbook's tab order.
    public let index: Int
    /// Whether it is shown.
    public let visibility: Visibility
    /// The worksheet part (`xl/worksheets/sheet1.xml`); nil for a chart sheet or
    /// a sheet whose relationship is missing (it has no cells to read).
    public let part: String?

    /// Whether the sheet is shown and is a worksheet with cells.
    public var isReadable: Bool { visibility == .visible && part != nil }
}
