/// What a date field's text says, read in a workspace's date format.
public enum DateReading: Equatable, Sendable {
    /// A calendar date.
    case date(CalendarDate)
    /// An ISO date-time whose time is not midnight: the time as written
    /// (`14:30:00`). A date field holds a day, so it is refused.
    case timeOfDay(String)
    /// Written in an accepted form, but no such day exists (`31/02/2026`,
    /// month 13, a year outside 1900...2999).
    case noSuchDay
    /// Not in any form the workspace accepts.
    case invalid
}

/// Dates in the formats a workspace may set (``DateFormat``), as people write
/// them: the day and month with one or two digits (`3/5/2026` in
/// `MM/DD/YYYY`), the year with four. Every format also accepts an ISO date
/// (`2026-03-05`, `2026-3-5`) and an ISO date-time at midnight
/// (`2026-03-05T00:00:00`, `T00:00`, a fraction of zeros `.000`, `Z` or an
/// offset, `T` or a space before the time), read as its date: what pandas,
/// databases and JSON APIs write for a date.
extension CalendarDate {
    /// `text` in `format`, or nil (see ``read(_:format:)`` for why).
    public static func parse(_ text: Bytes, format: DateFormat) -> CalendarDate? {
        if case .date(let date) = read(text, format: format) { return date }
        return nil
    }

    /// Reads `text` in `format`. Allocation-free except for a refused time of day.
    public static func read(_ text: Bytes, format: DateFormat) -> DateReading {
        var end = text.count
        for index in stride(from: 8, to: min(text.count, 11), by: 1) where text[index] == UInt8(ascii: "T") || text[index] == 0x20 {
            end = index
            break
        }
        let date = readDate(UnsafeBufferPointer(rebasing: text[0..<end]), format: format, isoOnly: end < text.count)
        guard end < text.count, date != .invalid else { return date }
        let time = UnsafeBufferPointer(rebasing: text[(end + 1)...])
        switch timeIsMidnight(time) {
        case nil: return .invalid
        case true?: return date
        case false?: return .timeOfDay(String(decoding: time, as: UTF8.self))
        }
    }

    /// The date part: ISO `YYYY-M-D` in every format, else the format's own
    /// order and separator; only ISO when a time follows.
    private static func readDate(_ text: Bytes, format: DateFormat, isoOnly: Bool) -> DateReading {
        if format == .compact, !isoOnly, text.count == 8 {
            guard let year = digits(text, 0, 4), let month = digits(text, 4, 2), let day = digits(text, 6, 2) else {
                return .invalid
            }
            return make(year, month, day)
        }
        guard let parts = DateParts(text) else { return .invalid }
        if parts.separator == UInt8(ascii: "-"), parts.lengths.0 == 4, parts.lengths.1 <= 2, parts.lengths.2 <= 2 {
            return make(parts.values.0, parts.values.1, parts.values.2)
        }
        guard !isoOnly, let order = format.dayMonthOrder, parts.separator == order.separator,
            parts.lengths.0 <= 2, parts.lengths.1 <= 2, parts.lengths.2 == 4
        else { return .invalid }
        return order.dayFirst
            ? make(parts.values.2, parts.values.1, parts.values.0)
            : make(parts.values.2, parts.values.0, parts.values.1)
    }

    private static func make(_ year: Int, _ month: Int, _ day: Int) -> DateReading {
        CalendarDate(year: year, month: month, day: day).map { .date($0) } ?? .noSuchDay
    }

    /// `hh:mm`, `hh:mm:ss` or `hh:mm:ss.fff…`, then nothing, `Z`, or an offset
    /// `±hh:mm` / `±hhmm`: true when the time is midnight, false for another
    /// time, nil when it is not a time.
    private static func timeIsMidnight(_ time: Bytes) -> Bool? {
        var index = 0
        var zero = true
        for field in 0..<3 {
            if field > 0 {
                guard index < time.count, time[index] == UInt8(ascii: ":") else {
                    if field == 2 { break }
                    return nil
                }
                index += 1
            }
            guard let value = digits(time, index, 2), value < (field == 0 ? 24 : 60) else { return nil }
            zero = zero && value == 0
            index += 2
        }
        if index < time.count, time[index] == UInt8(ascii: "."), index > 5 {
            index += 1
            let start = index
            while index < time.count, ASCIIScan.isDigit(time[index]) {
                zero = zero && time[index] == UInt8(ascii: "0")
                index += 1
            }
            guard index > start else { return nil }
        }
        let zone = time.count - index
        if zone == 1 {
            guard time[index] == UInt8(ascii: "Z") else { return nil }
        } else if zone == 5 || zone == 6 {
            guard time[index] == UInt8(ascii: "+") || time[index] == UInt8(ascii: "-"),
                digits(time, index + 1, 2) != nil, digits(time, time.count - 2, 2) != nil,
                zone == 5 || time[index + 3] == UInt8(ascii: ":")
            else { return nil }
        } else if zone != 0 {
            return nil
        }
        return zero
    }

    @inline(__always)
    private static func digits(_ text: Bytes, _ start: Int, _ count: Int) -> Int? {
        guard start + count <= text.count else { return nil }
        var value = 0
        for index in start..<(start + count) {
            let digit = text[index] &- 48
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }
}

/// Three groups of 1 to 4 digits joined by one separator twice (`3/5/2026`).
private struct DateParts {
    package var values = (0, 0, 0)
    package var lengths = (0, 0, 0)
    package var separator: UInt8 = 0

    package init?(_ text: Bytes) {
        var group = 0
        var value = 0
        var length = 0
        for byte in text {
            if ASCIIScan.isDigit(byte) {
                guard length < 4 else { return nil }
                value = value * 10 + Int(byte &- 48)
                length += 1
                continue
            }
            guard length > 0, group < 2, group == 0 || byte == separator else { return nil }
            separator = byte
            store(group, value, length)
            group += 1
            value = 0
            length = 0
        }
        guard group == 2, length > 0 else { return nil }
        store(2, value, length)
    }

    private mutating func store(_ group: Int, _ value: Int, _ length: Int) {
        switch group {
        case 0: (values.0, lengths.0) = (value, length)
        case 1: (values.1, lengths.1) = (value, length)
        default: (values.2, lengths.2) = (value, length)
        }
    }
}

extension DateFormat {
    /// The order and separator of a day-month-year format; nil for ISO and compact.
    package var dayMonthOrder: (dayFirst: Bool, separator: UInt8)? {
        switch self {
        case .dayMonthYearSlash: (true, UInt8(ascii: "/"))
        case .dayMonthYearDot: (true, UInt8(ascii: "."))
        case .dayMonthYearDash: (true, UInt8(ascii: "-"))
        case .monthDayYearSlash: (false, UInt8(ascii: "/"))
        case .iso, .compact: nil
        }
    }

    /// 5 March 2026 as this format writes it unpadded (`3/5/2026`), for messages.
    package var example: String {
        switch self {
        case .iso: "2026-03-05"
        case .compact: "20260305"
        case .dayMonthYearSlash: "5/3/2026 or 05/03/2026"
        case .dayMonthYearDot: "5.3.2026 or 05.03.2026"
        case .dayMonthYearDash: "5-3-2026 or 05-03-2026"
        case .monthDayYearSlash: "3/5/2026 or 03/05/2026"
        }
    }

    /// What a date field of a workspace with this format accepts, for messages.
    package var accepted: String {
        let own = self == .iso ? "" : "\(rawValue) (the workspace's date_format: \(example)), "
        return own + "YYYY-MM-DD, or an ISO date-time at midnight (2026-03-05T00:00:00)"
    }
}
