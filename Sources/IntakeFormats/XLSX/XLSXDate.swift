import IntakeCore
import IntakeSystem
/// Which day a workbook's serial 0 is (`workbookPr date1904`).
public enum XLSXDateSystem: Sendable, Equatable {
    /// Excel's default: serial 1 is 1900-01-01, and serial 60 the 1900-02-29 that
    /// never was (kept from Lotus 1-2-3).
    case from1900
    /// Old Mac Excel's: serial 0 is 1904-01-01.
    case from1904
}

/// Serial day numbers to ISO 8601 text.
///
/// A date format gives `YYYY-MM-DD`, with `THH:MM:SS` only when the time of day
/// is not midnight; a time-only format gives `HH:MM:SS`, the hours counted on
/// past 24 for a serial of a day or more (`36:00:00` for 1.5, as `[h]:mm:ss` shows it). Seconds are rounded to the nearest. The
/// 1900 system's serial 60 gives `1900-02-29` and serial 0 `1900-01-00`, as
/// Excel shows them, so that a date check refuses them rather than a shifted day
/// being stored.
enum XLSXDate {
    /// The largest serials Excel shows as dates (9999-12-31).
    static let maxSerial1900 = 2_958_465
    static let maxSerial1904 = 2_957_003

    /// Appends the text of `serial` in `system`; false (nothing appended) when
    /// the number is no date Excel shows (negative, past 9999-12-31).
    static func append(
        _ serial: XLSXDecimal, system: XLSXDateSystem, timeOnly: Bool, to out: inout [UInt8]
    ) -> Bool {
        guard var (days, seconds) = serial.daysAndSeconds() else { return false }
        if seconds == 86_400 {
            days += 1
            seconds = 0
        }
        guard days <= (system == .from1900 ? maxSerial1900 : maxSerial1904) else { return false }
        if timeOnly {
            let hours = days * 24 + seconds / 3600
            if hours >= 100 { out += String(hours / 100).utf8 }
            two(hours % 100, &out)
            out.append(UInt8(ascii: ":"))
            two(seconds / 60 % 60, &out)
            out.append(UInt8(ascii: ":"))
            two(seconds % 60, &out)
            return true
        }
        switch system {
        case .from1900 where days == 0:
            append(year: 1900, month: 1, day: 0, to: &out)
        case .from1900 where days == 60:
            append(year: 1900, month: 2, day: 29, to: &out)
        case .from1900:
            let civil = Timestamp.civilFromDays(days + (days < 60 ? -25_568 : -25_569))
            append(year: civil.year, month: civil.month, day: civil.day, to: &out)
        case .from1904:
            let civil = Timestamp.civilFromDays(days - 24_107)
            append(year: civil.year, month: civil.month, day: civil.day, to: &out)
        }
        if seconds > 0 {
            out.append(UInt8(ascii: "T"))
            two(seconds / 3600, &out)
            out.append(UInt8(ascii: ":"))
            two(seconds / 60 % 60, &out)
            out.append(UInt8(ascii: ":"))
            two(seconds % 60, &out)
        }
        return true
    }

    private static func append(year: Int, month: Int, day: Int, to out: inout [UInt8]) {
        two(year / 100, &out)
        two(year % 100, &out)
        out.append(UInt8(ascii: "-"))
        two(month, &out)
        out.append(UInt8(ascii: "-"))
        two(day, &out)
    }

    @inline(__always)
    private static func two(_ value: Int, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "0") + UInt8(value / 10 % 10))
        out.append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}
