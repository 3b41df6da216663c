import IntakeCore
import IntakeSystem
/// A custom number format that writes whole numbers padded with zeros, as an
/// account number or a postal code typed into a number cell is shown:
/// `000000000000`, `00000-0000`, `"FR"00000000000`, `000000;-000000;"none"`.
///
/// Read: up to three sections (positive; negative; zero — a fourth, for text,
/// is ignored), each made of digit placeholders `0` (a digit or a padding
/// zero) and `#` (a digit only), and literal text: quoted (`"FR"`), escaped
/// (`\-`) or one of the characters Excel shows as they are (space, `$ - + ( )
/// : ! ^ & ' ~ { } < > =`, and non-ASCII text such as `€`). Colours (`[Red]`,
/// `[Color10]`) and locales (`[$-409]`) are ignored. A format is a padding
/// one when its first section has at least two `0`s: the built-in `0` pads
/// nothing.
///
/// Not handled, deliberately (the format is then no padding format, and a
/// number cell with it in an identifier column is warned about): decimals,
/// thousands separators and scaling (`.` `,`), percent, exponents,
/// fractions (`/`), `?` placeholders, `General`, `@`, fill and width
/// characters (`*` `_`), conditions (`[>99999]`) and currency codes
/// (`[$€-407]`), date and time codes.
struct XLSXZeroPadding: Equatable, Sendable {
    /// One piece of a section.
    enum Piece: Equatable, Sendable {
        /// Text shown as it is.
        case text([UInt8])
        /// `0`: a digit, or a zero where the number has none.
        case zero
        /// `#`: a digit, or nothing where the number has none.
        case digit
    }

    /// The pieces of one section, in order.
    typealias Section = [Piece]

    /// For numbers above zero (and for every number when the others are nil).
    let positive: Section
    /// For numbers below zero, without a sign of its own; nil: the positive
    /// section after a `-`.
    let negative: Section?
    /// For zero; nil: the positive section.
    let zero: Section?

    /// The most digits a padded number is written with (Excel shows 15
    /// significant digits; a whole number past 10^40 is no identifier).
    static let maxDigits = 40

    /// The padding format of `code` (a `formatCode`, XML already decoded), or
    /// nil when it pads nothing or holds anything not handled.
    init?(_ code: [UInt8]) {
        var sections: [Section] = []
        var current: Section = []
        var index = 0
        while index < code.count {
            let byte = code[index]
            switch byte {
            case UInt8(ascii: ";"):
                sections.append(current)
                current = []
                if sections.count == 3 { index = code.count }
            case UInt8(ascii: "0"):
                current.append(.zero)
            case UInt8(ascii: "#"):
                current.append(.digit)
            case UInt8(ascii: "\""):
                guard let close = code[(index + 1)...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
                current.append(.text(Array(code[(index + 1)..<close])))
                index = close
            case UInt8(ascii: "\\"):
                guard index + 1 < code.count else { return nil }
                var end = index + 2
                while end < code.count && code[end] & 0xC0 == 0x80 { end += 1 }
                current.append(.text(Array(code[(index + 1)..<end])))
                index = end - 1
            case UInt8(ascii: "["):
                guard let close = code[index...].firstIndex(of: UInt8(ascii: "]")),
                    Self.isIgnoredBracket(code[(index + 1)..<close])
                else { return nil }
                index = close
            default:
                guard Self.isLiteral(byte) else { return nil }
                var end = index + 1
                while end < code.count && code[end] & 0xC0 == 0x80 { end += 1 }
                current.append(.text(Array(code[index..<end])))
                index = end - 1
            }
            index += 1
        }
        if sections.count < 3 { sections.append(current) }
        guard let first = sections.first, first.count(where: { $0 == .zero }) >= 2 else { return nil }
        positive = first
        negative = sections.count > 1 ? sections[1] : nil
        zero = sections.count > 2 ? sections[2] : nil
    }

    /// Appends `number` as the format shows it; false (nothing appended) when
    /// it is not a whole number, has more than ``maxDigits`` digits, or falls
    /// in a section without placeholders (a format that hides it).
    func append(_ number: XLSXDecimal, to out: inout [UInt8]) -> Bool {
        guard number.mantissa == 0 || (number.digitCount <= number.point && number.point <= Self.maxDigits) else {
            return false
        }
        var digits: [UInt8] = []
        if number.mantissa != 0 { number.append(to: &digits) }
        if number.negative { digits.removeFirst() }
        var sign: [UInt8] = []
        let section: Section
        if number.mantissa == 0 {
            section = zero ?? positive
        } else if number.negative {
            section = negative ?? positive
            if negative == nil { sign = [UInt8(ascii: "-")] }
        } else {
            section = positive
        }
        let placeholders = section.count(where: { $0 == .zero || $0 == .digit })
        guard placeholders > 0 else { return false }
        out += sign
        // The first placeholder takes the digits the others have no room for;
        // placeholders beyond the number's digits pad (`0`) or stay empty (`#`).
        var next = digits.count - placeholders
        for piece in section {
            switch piece {
            case .text(let text):
                out += text
            case .zero, .digit:
                if next < 0 {
                    if piece == .zero { out.append(UInt8(ascii: "0")) }
                } else {
                    let from = next == digits.count - placeholders ? 0 : next
                    out += digits[from...next]
                }
                next += 1
            }
        }
        return true
    }

    /// Characters Excel shows as they are without quotes, and non-ASCII text.
    private static func isLiteral(_ byte: UInt8) -> Bool {
        byte >= 0x80 || Array(" $-+():!^&'~{}<>=".utf8).contains(byte)
    }

    /// A colour (`Red`, `Color10`) or a locale without a currency (`$-409`).
    private static func isIgnoredBracket(_ inside: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: inside, as: UTF8.self).lowercased()
        if text.hasPrefix("$-") { return true }
        if text.hasPrefix("color"), let number = Int(text.dropFirst(5)), (1...56).contains(number) { return true }
        return ["black", "blue", "cyan", "green", "magenta", "red", "white", "yellow"].contains(text)
    }
}
