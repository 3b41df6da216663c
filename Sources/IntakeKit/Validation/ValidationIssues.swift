/// The issues of the standard checks, worded once for every type and format.
enum ValidationIssues {
    static func amount(
        _ problem: DecimalAmount.Problem, field: String, bytes: Bytes, decimalComma: Bool, thousands: ThousandsSeparator? = nil
    ) -> Issue {
        switch problem {
        case .format:
            Issue("amount_format", field: field,
                  description: "not a decimal amount: use digits with " + (decimalComma ? "','" : "'.'") + " as the decimal separator, "
                      + (thousands.map { "and \($0.label) between groups of three digits if any" } ?? "no thousands separators"),
                  bytes: bytes)
        case .notPositive:
            Issue("amount_not_positive", field: field, description: "the amount must be greater than zero", bytes: bytes)
        case .tooManyDecimals(let allowed):
            Issue("amount_precision", field: field, description: "more decimals than the currency allows (\(allowed))", bytes: bytes)
        case .tooLarge:
            Issue("amount_too_large", field: field, description: "the amount is too large", bytes: bytes)
        }
    }

    static func iban(_ problem: IBAN.Problem, field: String, bytes: Bytes) -> Issue {
        switch problem {
        case .characters:
            Issue("iban_format", field: field, description: "an IBAN has only capital letters and digits, no spaces", bytes: bytes)
        case .unknownCountry:
            Issue("iban_country", field: field,
                  description: "the IBAN's first two letters are not a country that uses IBAN", bytes: bytes)
        case .length(let expected):
            Issue("iban_length", field: field, description: "an IBAN of this country has \(expected) characters", bytes: bytes)
        case .checksum:
            Issue("iban_checksum", field: field, description: "IBAN check digits do not match", bytes: bytes)
        }
    }

    static func bic(_ problem: BIC.Problem, field: String, bytes: Bytes) -> Issue {
        switch problem {
        case .length:
            Issue("bic_format", field: field, description: "a BIC has 8 or 11 characters", bytes: bytes)
        case .format:
            Issue("bic_format", field: field,
                  description: "a BIC is 4 letters, a 2-letter country, 2 letters or digits, and an optional 3-character branch",
                  bytes: bytes)
        case .unknownCountry:
            Issue("bic_format", field: field, description: "the BIC's letters 5-6 are not a country code", bytes: bytes)
        }
    }

    static func isSIRENOrSIRET(_ value: Bytes) -> Bool {
        (value.count == 14 ? FrenchCompanyID.validateSIRET(value) : FrenchCompanyID.validateSIREN(value)) == nil
    }

    static func registration(field: String, bytes: Bytes) -> Issue {
        Issue("registration_invalid", field: field,
              description: "not a valid SIREN (9 digits) or SIRET (14 digits): the Luhn check fails or the length is wrong",
              bytes: bytes)
    }
}
