/// The geographical scope of the SEPA payment schemes (EPC409-09, "EPC List
/// of Countries and Territories of the SEPA Schemes"), as of 2025: 41
/// countries and the territories the list names.
///
/// - the 27 EU member states;
/// - the EEA members IS, LI, NO;
/// - CH, GB, MC, SM, VA, AD;
/// - AL and ME (November 2024), MD and MK (March 2025), RS (May 2025; its
///   banks' earliest operational readiness date is May 2026);
/// - the territories AX (with FI); GF, GP, MQ, RE, YT, BL, MF, PM (French
///   IBANs); GI; GG, JE, IM (British IBANs).
///
/// Deliberately not in it: FO and GL (Denmark), NC, PF, WF and TF (which use
/// French IBANs but are outside SEPA: an IBAN's `FR` prefix cannot tell
/// them apart), XK, and any other IBAN country.
public enum SEPA {
    /// The ISO 3166-1 alpha-2 codes in the SEPA schemes' scope.
    public static let countries: [String] = [
        // European Union
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
        "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
        // EEA, then the other countries admitted by the EPC
        "IS", "LI", "NO", "CH", "GB", "MC", "SM", "VA", "AD", "AL", "MD", "ME", "MK", "RS",
        // territories
        "AX", "GF", "GP", "MQ", "RE", "YT", "BL", "MF", "PM", "GI", "GG", "JE", "IM",
    ]

    /// Dense 26 × 26 table indexed by `ASCIIScan.pairIndex`.
    private static let table: [Bool] = {
        var table = [Bool](repeating: false, count: 26 * 26)
        for country in countries {
            if let index = ASCIIScan.pairIndex(country) { table[index] = true }
        }
        return table
    }()

    /// Whether the two uppercase letters name a country or territory of SEPA.
    public static func contains(_ first: UInt8, _ second: UInt8) -> Bool {
        guard let index = ASCIIScan.pairIndex(first, second) else { return false }
        return table[index]
    }
}
