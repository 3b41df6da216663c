import IntakeCore
import IntakeSystem
/// What a cell's number format makes of its number: which formats are dates.
enum XLSXNumberFormat: UInt8, Sendable {
    /// A number, shown as a decimal.
    case number
    /// A date, or a date and time (`yyyy-mm-dd`, `d/m/yy h:mm`).
    case date
    /// A time of day or a duration only (`h:mm:ss`, `[h]:mm`).
    case time

    /// The kind of a built-in format id (ECMA-376 §18.8.30, with the East Asian
    /// locales' date ids 27–36 and 50–58).
    static func builtIn(_ id: Int) -> XLSXNumberFormat {
        switch id {
        case 14...17, 22, 27...36, 50...58: .date
        case 18...21, 45...47: .time
        default: .number
        }
    }

    /// The kind of a custom format code: its first section is read with quoted
    /// text, escaped characters, fill and padding characters and bracketed
    /// colours, conditions and locales left out; `y`, `d` (or `m` without `h`
    /// or `s`) make a date, `h` or `s` alone a time; `[h]`, `[mm]`, `[ss]` a time.
    static func custom(_ code: [UInt8]) -> XLSXNumberFormat {
        var hasDate = false
        var hasTime = false
        var hasMonthOrMinute = false
        var index = 0
        scan: while index < code.count {
            let byte = code[index]
            switch byte {
            case UInt8(ascii: ";"):
                break scan
            case UInt8(ascii: "\""):
                index += 1
                while index < code.count && code[index] != UInt8(ascii: "\"") { index += 1 }
            case UInt8(ascii: "\\"), UInt8(ascii: "_"), UInt8(ascii: "*"):
                index += 1
            case UInt8(ascii: "["):
                let start = index + 1
                while index < code.count && code[index] != UInt8(ascii: "]") { index += 1 }
                let inside = code[start..<min(index, code.count)].map { $0 | 0x20 }
                if let first = inside.first, [UInt8(ascii: "h"), UInt8(ascii: "m"), UInt8(ascii: "s")].contains(first),
                    inside.allSatisfy({ $0 == first })
                {
                    hasTime = true
                }
            default:
                switch byte | 0x20 {
                case UInt8(ascii: "y"), UInt8(ascii: "d"): hasDate = true
                case UInt8(ascii: "h"), UInt8(ascii: "s"): hasTime = true
                case UInt8(ascii: "m"): hasMonthOrMinute = true
                default: break
                }
            }
            index += 1
        }
        if hasDate { return .date }
        if hasTime { return .time }
        return hasMonthOrMinute ? .date : .number
    }
}
