/// IBAN lengths per country, from the SWIFT IBAN Registry (ISO 13616).
///
/// Source: SWIFT IBAN Registry release 102 (June 2026), 89 country prefixes.
/// Only the prefixes that appear as the first two characters of an IBAN are
/// listed: territories that use their parent's prefix (e.g. GF, GP, MQ, RE,
/// NC, PF, PM, WF, BL, MF, TF, YT use "FR"; IM, JE, GG use "GB"; AX uses "FI")
/// are *not* IBAN prefixes and an IBAN starting with them is `.unknownCountry`.
///
/// Registry changes to watch for when updating: countries are added a few
/// times a year (recent ones: HN, YE, OM, FK, SO, MN, NI, DJ, LY, SD, RU, BI).
enum IBANRegistry {
    /// (ISO 3166-1 alpha-2 prefix, total IBAN length in characters).
    static let entries: [(country: String, length: UInt8)] = [
        ("AD", 24), ("AE", 23), ("AL", 28), ("AT", 20), ("AZ", 28), ("BA", 20), ("BE", 16),
        ("BG", 22), ("BH", 22), ("BI", 27), ("BR", 29), ("BY", 28), ("CH", 21), ("CR", 22),
        ("CY", 28), ("CZ", 24), ("DE", 22), ("DJ", 27), ("DK", 18), ("DO", 28), ("EE", 20),
        ("EG", 29), ("ES", 24), ("FI", 18), ("FK", 18), ("FO", 18), ("FR", 27), ("GB", 22),
        ("GE", 22), ("GI", 23), ("GL", 18), ("GR", 27), ("GT", 28), ("HN", 28), ("HR", 21),
        ("HU", 28), ("IE", 22), ("IL", 23), ("IQ", 23), ("IS", 26), ("IT", 27), ("JO", 30),
        ("KW", 30), ("KZ", 20), ("LB", 28), ("LC", 32), ("LI", 21), ("LT", 20), ("LU", 20),
        ("LV", 21), ("LY", 25), ("MC", 27), ("MD", 24), ("ME", 22), ("MK", 19), ("MN", 20),
        ("MR", 27), ("MT", 31), ("MU", 30), ("NI", 28), ("NL", 18), ("NO", 15), ("OM", 23),
        ("PK", 24), ("PL", 28), ("PS", 29), ("PT", 25), ("QA", 29), ("RO", 24), ("RS", 22),
        ("RU", 33), ("SA", 24), ("SC", 31), ("SD", 18), ("SE", 24), ("SI", 19), ("SK", 24),
        ("SM", 27), ("SO", 23), ("ST", 25), ("SV", 28), ("TL", 23), ("TN", 24), ("TR", 26),
        ("UA", 29), ("VA", 22), ("VG", 24), ("XK", 20), ("YE", 30),
    ]

    /// Dense 26 × 26 table indexed by `ASCIIScan.pairIndex`; 0 means "no IBAN".
    /// Built once; a lookup is one bounds-checked array read.
    static let lengths: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 26 * 26)
        for entry in entries {
            if let index = ASCIIScan.pairIndex(entry.country) { table[index] = entry.length }
        }
        return table
    }()

    /// Registry length for the two uppercase letters, or nil.
    @inline(__always)
    static func length(_ first: UInt8, _ second: UInt8) -> Int? {
        guard let index = ASCIIScan.pairIndex(first, second) else { return nil }
        let length = lengths[index]
        return length == 0 ? nil : Int(length)
    }
}
