/// Dates in the formats a workspace may set (``DateFormat``).
extension CalendarDate {
    /// `text` in `format`, with the same strictness as ``parseISO(_:)`` (two-digit
    /// day and month, four-digit year, calendar-valid); an ISO date is accepted in
    /// every format (pain.001 and JSON dates are ISO by their standards). Allocation-free.
    public static func parse(_ text: Bytes, format: DateFormat) -> CalendarDate? {
        switch format {
        case .iso:
            return parseISO(text)
        case .compact:
            guard text.count == 8 else { return parseISO(text) }
            return fields(text, year: 0, month: 4, day: 6, separators: [])
        case .dayMonthYearSlash, .dayMonthYearDot, .dayMonthYearDash, .monthDayYearSlash:
            guard text.count == 10 else { return nil }
            if text[4] == UInt8(ascii: "-") { return parseISO(text) }
            let separator: UInt8 = switch format {
            case .dayMonthYearDot: UInt8(ascii: ".")
            case .dayMonthYearDash: UInt8(ascii: "-")
            default: UInt8(ascii: "/")
            }
            let dayFirst = format != .monthDayYearSlash
            return fields(text, year: 6, month: dayFirst ? 3 : 0, day: dayFirst ? 0 : 3, separators: [(2, separator), (5, separator)])
        }
    }

    @inline(__always)
    private static func fields(
        _ text: Bytes, year: Int, month: Int, day: Int, separators: [(Int, UInt8)]
    ) -> CalendarDate? {
        for (index, byte) in separators where text[index] != byte { return nil }
        guard let y = digits(text, from: year, count: 4), let m = digits(text, from: month, count: 2),
            let d = digits(text, from: day, count: 2)
        else { return nil }
        return CalendarDate(year: y, month: m, day: d)
    }

    @inline(__always)
    private static func digits(_ text: Bytes, from start: Int, count: Int) -> Int? {
        var value = 0
        for index in start..<(start + count) {
            let digit = text[index] &- 48
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }
}
