/// ISO 3166-1 country codes.
public enum Country {
    /// `true` when `code` is exactly two uppercase ASCII letters forming an
    /// officially assigned ISO 3166-1 alpha-2 code, or XK (Kosovo, a
    /// user-assigned code used by SWIFT, the IBAN registry and the EU).
    ///
    /// Allocation-free; one table read.
    public static func isAlpha2(_ code: Bytes) -> Bool {
        code.count == 2 && CountryTable.isAssigned(code[0], code[1])
    }

    /// The alpha-2 code for an ISO 3166-1 alpha-3 code: "FRA" -> "FR".
    ///
    /// Uppercase only ("fra" gives nil). XKX (the alpha-3 code commonly used
    /// for Kosovo) maps to XK. Returns nil for anything else.
    public static func alpha2(fromAlpha3 code: String) -> String? {
        CountryTable.alpha2ByAlpha3[code]
    }
}
