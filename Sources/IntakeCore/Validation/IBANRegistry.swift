/// IBAN lengths and BBAN layouts per country, from the SWIFT IBAN Registry (ISO 13616).
///
/// Source: SWIFT IBAN Registry release 102 (June 2026), 89 country prefixes;
/// the BBAN layouts were read from the registry data bundled with schwifty
/// 2026.10.1 (`iban_registry/generated.json`, its `bban_spec`), Brazil's
/// corrected to the registry's `8!n5!n10!n1!a1!c` (schwifty has `8!c…`). The
/// tests compare every country with the registry's structure as python-stdnum
/// ships it (`IBANLayouts.swift`) and check every registry example IBAN.
/// Only the prefixes that appear as the first two characters of an IBAN are
/// listed: territories that use their parent's prefix (``territories``) are
/// *not* IBAN prefixes and an IBAN starting with them is `.unknownCountry`.
///
/// Registry changes to watch for when updating: countries are added a few
/// times a year (recent ones: HN, YE, OM, FK, SO, MN, NI, DJ, LY, SD, RU, BI).
package enum IBANRegistry {
    /// (ISO 3166-1 alpha-2 prefix, total IBAN length, BBAN layout in the
    /// registry's notation: `4!a` four capital letters, `6!n` six digits,
    /// `12!c` twelve letters or digits).
    package static let entries: [(country: String, length: UInt8, bban: String)] = [
        ("AD", 24, "4!n4!n12!c"), ("AE", 23, "3!n16!n"), ("AL", 28, "8!n16!c"), ("AT", 20, "5!n11!n"),
        ("AZ", 28, "4!a20!c"), ("BA", 20, "3!n3!n8!n2!n"), ("BE", 16, "3!n7!n2!n"), ("BG", 22, "4!a4!n2!n8!c"),
        ("BH", 22, "4!a14!c"), ("BI", 27, "5!n5!n11!n2!n"), ("BR", 29, "8!n5!n10!n1!a1!c"), ("BY", 28, "4!c4!n16!c"),
        ("CH", 21, "5!n12!c"), ("CR", 22, "4!n14!n"), ("CY", 28, "3!n5!n16!c"), ("CZ", 24, "4!n16!n"),
        ("DE", 22, "8!n10!n"), ("DJ", 27, "5!n5!n11!n2!n"), ("DK", 18, "4!n9!n1!n"), ("DO", 28, "4!c20!n"),
        ("EE", 20, "2!n14!n"), ("EG", 29, "4!n4!n17!n"), ("ES", 24, "4!n4!n1!n1!n10!n"), ("FI", 18, "3!n11!n"),
        ("FK", 18, "2!a12!n"), ("FO", 18, "4!n9!n1!n"), ("FR", 27, "5!n5!n11!c2!n"), ("GB", 22, "4!a6!n8!n"),
        ("GE", 22, "2!a16!n"), ("GI", 23, "4!a15!c"), ("GL", 18, "4!n9!n1!n"), ("GR", 27, "3!n4!n16!c"),
        ("GT", 28, "4!c20!c"), ("HN", 28, "4!a20!n"), ("HR", 21, "7!n10!n"), ("HU", 28, "3!n4!n1!n15!n1!n"),
        ("IE", 22, "4!a6!n8!n"), ("IL", 23, "3!n3!n13!n"), ("IQ", 23, "4!a3!n12!n"), ("IS", 26, "4!n2!n6!n10!n"),
        ("IT", 27, "1!a5!n5!n12!c"), ("JO", 30, "4!a4!n18!c"), ("KW", 30, "4!a22!c"), ("KZ", 20, "3!n13!c"),
        ("LB", 28, "4!n20!c"), ("LC", 32, "4!a24!c"), ("LI", 21, "5!n12!c"), ("LT", 20, "5!n11!n"),
        ("LU", 20, "3!n13!c"), ("LV", 21, "4!a13!c"), ("LY", 25, "3!n3!n15!n"), ("MC", 27, "5!n5!n11!c2!n"),
        ("MD", 24, "2!c18!c"), ("ME", 22, "3!n13!n2!n"), ("MK", 19, "3!n10!c2!n"), ("MN", 20, "4!n12!n"),
        ("MR", 27, "5!n5!n11!n2!n"), ("MT", 31, "4!a5!n18!c"), ("MU", 30, "4!a2!n2!n12!n3!n3!a"),
        ("NI", 28, "4!a20!n"), ("NL", 18, "4!a10!n"), ("NO", 15, "4!n6!n1!n"), ("OM", 23, "3!n16!c"),
        ("PK", 24, "4!a16!c"), ("PL", 28, "8!n16!n"), ("PS", 29, "4!a21!c"), ("PT", 25, "4!n4!n11!n2!n"),
        ("QA", 29, "4!a21!c"), ("RO", 24, "4!a16!c"), ("RS", 22, "3!n13!n2!n"), ("RU", 33, "9!n5!n15!c"),
        ("SA", 24, "2!n18!c"), ("SC", 31, "4!a2!n2!n16!n3!a"), ("SD", 18, "2!n12!n"), ("SE", 24, "3!n16!n1!n"),
        ("SI", 19, "5!n8!n2!n"), ("SK", 24, "4!n6!n10!n"), ("SM", 27, "1!a5!n5!n12!c"), ("SO", 23, "4!n3!n12!n"),
        ("ST", 25, "4!n4!n11!n2!n"), ("SV", 28, "4!a20!n"), ("TL", 23, "3!n14!n2!n"), ("TN", 24, "2!n3!n13!n2!n"),
        ("TR", 26, "5!n1!n16!c"), ("UA", 29, "6!n19!c"), ("VA", 22, "3!n15!n"), ("VG", 24, "4!a16!n"),
        ("XK", 20, "4!n10!n2!n"), ("YE", 30, "4!a4!n18!c"),
    ]

    /// The territories that have no IBAN prefix of their own and use their
    /// parent's (the registry lists them under FR, GB and FI): (territory, prefix).
    package static let territories: [(territory: String, parent: String)] = [
        ("GF", "FR"), ("GP", "FR"), ("MQ", "FR"), ("RE", "FR"), ("YT", "FR"), ("PM", "FR"),
        ("BL", "FR"), ("MF", "FR"), ("NC", "FR"), ("PF", "FR"), ("WF", "FR"), ("TF", "FR"),
        ("IM", "GB"), ("JE", "GB"), ("GG", "GB"), ("AX", "FI"),
    ]

    /// Dense 26 × 26 table indexed by `ASCIIScan.pairIndex`; 0 means "no IBAN".
    /// Built once; a lookup is one bounds-checked array read.
    package static let lengths: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 26 * 26)
        for entry in entries {
            if let index = ASCIIScan.pairIndex(entry.country) { table[index] = entry.length }
        }
        return table
    }()

    /// Room per country in ``layouts``: the longest BBAN (RU, 29) fits.
    package static let layoutStride = 30

    /// What each BBAN position of each country accepts, as a mask of
    /// ``digit`` and ``letter``: `layouts[pairIndex * layoutStride + position]`.
    package static let layouts: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 26 * 26 * layoutStride)
        for entry in entries {
            guard let index = ASCIIScan.pairIndex(entry.country) else { continue }
            let kinds = expand(entry.bban)
            precondition(kinds.count + 4 == Int(entry.length) && kinds.count <= layoutStride,
                         "the BBAN layout \(entry.bban) of \(entry.country) has \(Int(entry.length) - 4) positions")
            for (position, kind) in kinds.enumerated() { table[index * layoutStride + position] = kind }
        }
        return table
    }()

    /// The IBAN prefix of each country: its own, its parent's for a
    /// territory, or -1 (the `pairIndex` of the prefix, by `pairIndex` of the country).
    package static let prefixes: [Int16] = {
        var table = [Int16](repeating: -1, count: 26 * 26)
        for entry in entries {
            if let index = ASCIIScan.pairIndex(entry.country) { table[index] = Int16(index) }
        }
        for entry in territories {
            if let index = ASCIIScan.pairIndex(entry.territory), let parent = ASCIIScan.pairIndex(entry.parent) {
                table[index] = Int16(parent)
            }
        }
        return table
    }()

    /// A BBAN position that takes a digit (`n`).
    package static let digit: UInt8 = 1
    /// A BBAN position that takes a capital letter (`a`); both bits: `c`.
    package static let letter: UInt8 = 2

    /// Registry length for the two uppercase letters, or nil.
    @inline(__always)
    package static func length(_ first: UInt8, _ second: UInt8) -> Int? {
        guard let index = ASCIIScan.pairIndex(first, second) else { return nil }
        let length = lengths[index]
        return length == 0 ? nil : Int(length)
    }

    /// The positions of a layout such as `4!a6!n8!n`, one mask each.
    package static func expand(_ layout: String) -> [UInt8] {
        var kinds: [UInt8] = []
        var count = 0
        for character in layout {
            if let digit = character.wholeNumberValue {
                count = count * 10 + digit
            } else if character != "!" {
                let kind: UInt8 = switch character {
                case "n": digit
                case "a": letter
                case "c": digit | letter
                default: preconditionFailure("a BBAN layout has only n, a and c positions: \(layout)")
                }
                kinds += Array(repeating: kind, count: count)
                count = 0
            }
        }
        return kinds
    }

    /// The layout's notation for the BBAN of the two uppercase letters, or nil.
    package static func bban(_ first: UInt8, _ second: UInt8) -> String? {
        let country = String(decoding: [first, second], as: UTF8.self)
        return entries.first { $0.country == country }?.bban
    }
}
