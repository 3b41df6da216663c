/// ISO 4217 currency codes.
///
/// See `CurrencyTable` for the source edition and for the codes that are
/// deliberately unknown (precious metals, units of account, XTS, XXX).
public enum Currency {
    /// ISO 4217 active codes -> minor units (EUR 2, JPY 0, KWD 3, CLF 4, ...). nil for unknown codes.
    ///
    /// The code must be exactly three uppercase ASCII letters. Codes that are
    /// not usable for payments (XAU, XAG, XPT, XPD, XDR, XUA, XSU, XBA...XBD,
    /// XTS, XXX: no minor units in ISO 4217) give nil. Allocation-free.
    public static func minorUnits(_ code: Bytes) -> Int? {
        guard code.count == 3, let index = ASCIIScan.tripleIndex(code[0], code[1], code[2]) else {
            return nil
        }
        return CurrencyTable.minorUnits(at: index)
    }

    /// `minorUnits(_:)` for a `String` code ("EUR" -> 2, "eur" -> nil).
    public static func minorUnits(_ code: String) -> Int? {
        guard let index = ASCIIScan.tripleIndex(code) else { return nil }
        return CurrencyTable.minorUnits(at: index)
    }
}
