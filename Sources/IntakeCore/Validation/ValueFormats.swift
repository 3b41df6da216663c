/// How a workspace writes dates (`intake.json` `date_format`); values are
/// stored as ISO 8601 whatever the input, and ISO dates are read in every format.
public enum DateFormat: String, Sendable, CaseIterable {
    /// `2026-12-31` (the default).
    case iso = "YYYY-MM-DD"
    /// `31/12/2026` (French, British).
    case dayMonthYearSlash = "DD/MM/YYYY"
    /// `31.12.2026` (German, Swiss).
    case dayMonthYearDot = "DD.MM.YYYY"
    /// `31-12-2026` (Dutch).
    case dayMonthYearDash = "DD-MM-YYYY"
    /// `12/31/2026` (American).
    case monthDayYearSlash = "MM/DD/YYYY"
    /// `20261231` (compact, SAP and bank exports).
    case compact = "YYYYMMDD"
}

/// The thousands separator a workspace's amounts may hold (`intake.json`
/// `thousands_separator`); amounts are stored in integer minor units whatever the input.
public enum ThousandsSeparator: String, Sendable, CaseIterable {
    /// A space; also the no-break space U+00A0 and the narrow no-break space
    /// U+202F that French locales write.
    case space = " "
    /// `.` (German, Italian: `12.500,00`).
    case dot = "."
    /// `,` (English: `12,500.00`).
    case comma = ","
    /// `'` (Swiss: `12'500.00`).
    case apostrophe = "'"

    /// The separator from its `intake.json` spelling: the character itself (a
    /// no-break or narrow no-break space is the space), or nil.
    public init?(setting: String) {
        switch setting {
        case " ", "\u{00A0}", "\u{202F}": self = .space
        default: self.init(rawValue: setting)
        }
    }

    /// How a message names it.
    public var label: String {
        switch self {
        case .space: "space"
        case .dot: "'.'"
        case .comma: "','"
        case .apostrophe: "'"
        }
    }

    /// The length of the separator at `index` of `text` (1 to 3 bytes), 0 when there is none.
    @inline(__always)
    package func length(in text: Bytes, at index: Int) -> Int {
        let byte = text[index]
        switch self {
        case .dot: return byte == 0x2E ? 1 : 0
        case .comma: return byte == 0x2C ? 1 : 0
        case .apostrophe: return byte == 0x27 ? 1 : 0
        case .space:
            if byte == 0x20 { return 1 }
            if byte == 0xC2, index + 1 < text.count, text[index + 1] == 0xA0 { return 2 }
            if byte == 0xE2, index + 2 < text.count, text[index + 1] == 0x80, text[index + 2] == 0xAF { return 3 }
            return 0
        }
    }
}
