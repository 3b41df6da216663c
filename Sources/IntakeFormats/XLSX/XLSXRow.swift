import IntakeCore
import IntakeSystem
/// What a cell held, once read as text.
public enum XLSXCellKind: UInt8, Sendable, Equatable {
    /// No cell, or a cell without a value.
    case empty
    /// A shared, inline or formula string.
    case text
    /// A number, as Excel shows it (15 significant digits, plain decimal).
    case number
    /// A number with a date or time format, as ISO 8601 text.
    case date
    /// `true` or `false`.
    case boolean
    /// An error value such as `#N/A` or `#DIV/0!`.
    case error
    /// A formula whose value was never calculated: it has no cached value, or
    /// the workbook asks to be recalculated on opening and its cached value is
    /// the writer's placeholder `0` or empty. Its text is empty; it is never
    /// read as a value.
    case uncalculatedFormula
}

/// One non-empty worksheet row: its number and its values by column, as text.
///
/// The first row a ``XLSXRowReader`` returns is the sheet's header.
public struct XLSXRow: Sendable, Equatable {
    /// The 1-based row number in the worksheet (what Excel shows at the left).
    public let number: Int
    /// The values by 0-based column up to the last non-empty one; a missing cell is `""`.
    public let values: [String]
    /// What each value was, by column.
    public let kinds: [XLSXCellKind]

    /// Creates a row.
    public init(number: Int, values: [String], kinds: [XLSXCellKind]) {
        precondition(values.count == kinds.count, "an XLSXRow needs one kind per value")
        self.number = number
        self.values = values
        self.kinds = kinds
    }

    /// The value in 0-based `column`, `""` past the last non-empty one.
    public subscript(column: Int) -> String {
        column >= 0 && column < values.count ? values[column] : ""
    }

    /// The cell reference of 0-based `column` in this row (`C17`).
    public func reference(_ column: Int) -> String {
        XLSXCellReference.name(column: column, row: number)
    }
}
