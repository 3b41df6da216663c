/// A proleptic Gregorian calendar date without time or time zone.
///
/// Only years 1900...2999 are representable: that covers every plausible
/// payment date and rejects typos such as "0226-02-28" or "20026-02-28".
public struct CalendarDate: Comparable, Hashable, Sendable {
    /// The year, 1900...2999.
    public let year: Int
    /// The month, 1...12.
    public let month: Int
    /// The day of the month, 1...28/29/30/31 depending on month and year.
    public let day: Int

    /// The years accepted by the parsers and the initializer.
    package static let years = 1900...2999

    /// Creates a date, or nil when it does not exist (2026-02-29, 2026-04-31)
    /// or the year is outside 1900...2999.
    public init?(year: Int, month: Int, day: Int) {
        guard Self.isValid(year: year, month: month, day: day) else { return nil }
        self.init(checkedYear: year, month: month, day: day)
    }

    private init(checkedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Strict ISO 8601 calendar date YYYY-MM-DD (years 1900...2999), checks leap years / month lengths.
    ///
    /// Exactly 10 bytes: no time part, no surrounding spaces, no single-digit
    /// month or day ("2026-1-01" is rejected). Allocation-free.
    public static func parseISO(_ text: Bytes) -> CalendarDate? {
        guard text.count == 10, text[4] == dash, text[7] == dash,
            let year = number(text, from: 0, digits: 4),
            let month = number(text, from: 5, digits: 2),
            let day = number(text, from: 8, digits: 2)
        else { return nil }
        return make(year: year, month: month, day: day)
    }

    /// DD/MM/YYYY (the French and British order), with the same strictness as `parseISO`.
    ///
    /// Exactly 10 bytes, two-digit day and month, four-digit year. Allocation-free.
    public static func parseDayMonthYear(_ text: Bytes) -> CalendarDate? {
        guard text.count == 10, text[2] == slash, text[5] == slash,
            let day = number(text, from: 0, digits: 2),
            let month = number(text, from: 3, digits: 2),
            let year = number(text, from: 6, digits: 4)
        else { return nil }
        return make(year: year, month: month, day: day)
    }

    /// The ISO 8601 text of the date, e.g. "2026-02-28".
    public var iso: String {
        String(unsafeUninitializedCapacity: 10) { buffer in
            var value = year
            for index in stride(from: 3, through: 0, by: -1) {
                buffer[index] = UInt8(truncatingIfNeeded: 48 + value % 10)
                value /= 10
            }
            buffer[4] = Self.dash
            buffer[5] = UInt8(truncatingIfNeeded: 48 + month / 10)
            buffer[6] = UInt8(truncatingIfNeeded: 48 + month % 10)
            buffer[7] = Self.dash
            buffer[8] = UInt8(truncatingIfNeeded: 48 + day / 10)
            buffer[9] = UInt8(truncatingIfNeeded: 48 + day % 10)
            return 10
        }
    }

    /// Chronological order.
    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        if lhs.year != rhs.year { return lhs.year < rhs.year }
        if lhs.month != rhs.month { return lhs.month < rhs.month }
        return lhs.day < rhs.day
    }

    /// `true` for Gregorian leap years: divisible by 4, except centuries not divisible by 400.
    package static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Number of days in `month` (1...12) of `year`.
    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func isValid(year: Int, month: Int, day: Int) -> Bool {
        years.contains(year) && (1...12).contains(month) && day >= 1
            && day <= daysIn(month: month, year: year)
    }

    @inline(__always)
    private static func make(year: Int, month: Int, day: Int) -> CalendarDate? {
        isValid(year: year, month: month, day: day)
            ? CalendarDate(checkedYear: year, month: month, day: day) : nil
    }

    @inline(__always)
    private static func number(_ text: Bytes, from start: Int, digits: Int) -> Int? {
        var value = 0
        for index in start..<(start + digits) {
            let digit = text[index] &- 48
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    private static let dash = UInt8(ascii: "-")
    private static let slash = UInt8(ascii: "/")
}
