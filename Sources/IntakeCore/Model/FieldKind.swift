/// What a field holds, and so which rule checks it. Every rule a validator
/// applies to one value is chosen by the field's kind; rules that involve
/// several fields are the type's own (``RecordSchema/crossRules``).
public enum FieldKind: String, Sendable, CaseIterable {
    /// Free text.
    case text
    /// A person's or company's name: non-empty; surrounding spaces are trimmed with a warning.
    case name
    /// A positive decimal amount with at most the record currency's minor units, stored in minor units.
    case decimal
    /// An active ISO 4217 currency code.
    case currency
    /// An ISO 8601 calendar date.
    case date
    /// An ISO 8601 calendar date not after today (UTC).
    case pastDate = "past_date"
    /// A date of birth: DD/MM/YYYY or ISO 8601, not in the future; stored as ISO 8601.
    case birthdate
    /// An IBAN (ISO 13616), stored in electronic form.
    case iban
    /// A BIC (ISO 9362), stored in electronic form.
    case bic
    /// An ISO 3166-1 alpha-2 country code.
    case country
    /// An ISO 3166-1 alpha-2 or alpha-3 country code, stored as alpha-2.
    case countryCode = "country_code"
    /// A French SIREN or SIRET, checked as INSEE defines them, stored as digits.
    case sirenSiret = "siren_siret"
    /// A company registration number: for France a SIREN or SIRET.
    case registration
    /// A tax number: for France an intra-community VAT number with its key check.
    case taxNumber = "tax_number"
    /// A D-U-N-S number: 9 digits.
    case duns
    /// A bank account number: the IBAN where the account's country uses IBAN, else 4 to 34 letters and digits.
    case accountNumber = "account_number"
    /// `INDIVIDUAL` or `BUSINESS`.
    case entityType = "entity_type"
    /// The properties of the type's open objects that are not fields, as a JSON
    /// object (keys sorted), kept as given; filled by the reader, never by a column.
    case extra

    /// The rule in words, for `intake types` and `docs/import-types.md`.
    public var rule: String {
        switch self {
        case .text: "free text"
        case .name: "non-empty; surrounding spaces are trimmed (warning `trimmed`)"
        case .decimal: "positive decimal with '.' (or ',' with decimal_comma) and at most the currency's minor units; stored exactly in minor units"
        case .currency: "ISO 4217 active code"
        case .date: "ISO 8601 calendar date YYYY-MM-DD (or the workspace's date_format, day and month with one or two digits; an ISO date-time at midnight is read as its date); stored as YYYY-MM-DD"
        case .pastDate: "ISO 8601 calendar date YYYY-MM-DD (or the workspace's date_format, as date), not after today (UTC)"
        case .birthdate: "DD/MM/YYYY or YYYY-MM-DD, a real date not in the future; stored as YYYY-MM-DD"
        case .iban: "ISO 13616: its country's length and BBAN layout in the SWIFT IBAN Registry, mod-97 check digits; may be printed with spaces, no-break spaces, '-' or '.' between groups, or in lower case, stored in electronic form"
        case .bic: "ISO 9362: 8 or 11 characters, letters 5-6 a country; may be printed with spaces or in lower case, stored in upper case without spaces (an XXX branch kept)"
        case .country: "ISO 3166-1 alpha-2"
        case .countryCode: "ISO 3166-1 alpha-2 or alpha-3, stored as alpha-2"
        case .sirenSiret: "French SIREN (9 digits, Luhn) or SIRET (14 digits: a valid SIREN and Luhn over the 14; La Poste's establishments 356000000… by INSEE's digit-sum rule); may be printed with spaces or dots, stored as digits"
        case .registration: "for a French company a SIREN or SIRET checked as siren_siret (may be printed with spaces or dots, stored as digits); free text elsewhere"
        case .taxNumber: "for a French company the VAT number FR + key + SIREN, the key numeric or alphanumeric (python-stdnum's fr.tva) and matching the SIREN; may be printed with spaces or dots, stored compact; free text elsewhere"
        case .duns: "D-U-N-S: exactly 9 digits"
        case .accountNumber: "an IBAN (as iban; of the account's country, or of its parent's for a territory: GF → FR, JE → GB, AX → FI …) where that country uses IBAN, else 4 to 34 capital letters and digits"
        case .entityType: "INDIVIDUAL or BUSINESS"
        case .extra: "not a column: the properties of entity and bank_details that are not fields, as given, in one JSON object (keys sorted), e.g. {\"bank_details\":{\"swift_code\":\"…\"}}"
        }
    }
}

/// When a record must have a field.
public enum Requirement: Equatable, Sendable {
    /// Always.
    case required
    /// Never.
    case optional
    /// Depending on other fields, said in words.
    case when(String)
}
