/// The issues of the standard checks, worded once for every type and format.
package enum ValidationIssues {
    package static func amount(
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

    package static func iban(_ problem: IBAN.Problem, field: String, bytes: Bytes) -> Issue {
        switch problem {
        case .characters:
            Issue("iban_format", field: field, description: "an IBAN has only capital letters and digits, no spaces", bytes: bytes)
        case .unknownCountry:
            Issue("iban_country", field: field,
                  description: "the IBAN's first two letters are not a country that uses IBAN", bytes: bytes)
        case .length(let expected):
            Issue("iban_length", field: field, description: "an IBAN of this country has \(expected) characters", bytes: bytes)
        case .layout(let position, let expected):
            Issue("iban_format", field: field, description: layoutDescription(position, expected, bytes), bytes: bytes)
        case .checksum:
            Issue("iban_checksum", field: field, description: "IBAN check digits do not match", bytes: bytes)
        }
    }

    package static func bic(_ problem: BIC.Problem, field: String, bytes: Bytes) -> Issue {
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

    /// "character 20 of the IBAN (spaces not counted) must be a digit: a GB IBAN is GB, 2 check digits and the BBAN 4!a6!n8!n …".
    private static func layoutDescription(_ position: Int, _ expected: IBAN.CharacterKind, _ bytes: Bytes) -> String {
        let kind = switch expected {
        case .digit: "a digit"
        case .letter: "a capital letter"
        case .letterOrDigit: "a letter or a digit"
        }
        let upper = bytes.prefix(2).map { $0 &- 0x61 < 26 ? $0 - 0x20 : $0 }
        let country = String(decoding: upper, as: UTF8.self)
        let layout = upper.count == 2 ? IBANRegistry.bban(upper[0], upper[1]) : nil
        return "character \(position) of the IBAN (spaces not counted) must be \(kind): a \(country) IBAN is \(country), "
            + "2 check digits and the BBAN \(layout ?? "of the registry") (n: digit, a: capital letter, c: letter or digit)"
    }

    package static func registration(field: String, bytes: Bytes) -> Issue {
        Issue("registration_invalid", field: field,
              description: "not a valid SIREN (9 digits, Luhn) or SIRET (14 digits: a valid SIREN, then Luhn over the 14, or La Poste's digit-sum rule)",
              bytes: bytes)
    }

    package static func vat(field: String, bytes: Bytes) -> Issue {
        Issue("tax_number_invalid", field: field,
              description: "not a valid French VAT number: FR, a 2-character key and the SIREN, the key matching the SIREN",
              bytes: bytes)
    }

    /// "(DE)", or for a territory "(GF, whose accounts have FR IBANs)".
    package static func ibanCountry(_ country: Bytes, _ prefix: (UInt8, UInt8)) -> String {
        let name = String(decoding: country, as: UTF8.self)
        if country[0] == prefix.0 && country[1] == prefix.1 { return "(\(name))" }
        return "(\(name), whose accounts have \(String(decoding: [prefix.0, prefix.1], as: UTF8.self)) IBANs)"
    }
}
