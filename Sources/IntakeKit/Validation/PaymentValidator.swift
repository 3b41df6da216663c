/// The rules of `trustpair/payments_import` (spec section 2): each row that the
/// reference generator marks invalid fails with exactly its one code.
public struct PaymentValidator: RecordValidator {
    public let schema = PaymentSchema.schema
    typealias F = PaymentSchema.Field

    /// Largest number of decimals accepted while the currency is unknown (the
    /// row fails on its currency; the amount is still checked for shape and sign).
    static let fallbackScale = 4

    /// A validator for payments.
    public init() {}

    public func validate(_ row: some RowFields, into values: inout RecordValues, issues: inout [Issue]) {
        values.clear()
        let id = text(row, .paymentID, into: &values, issues: &issues)
        if let id, id.scalarCount > 64 {
            issues.append(Issue("too_long", field: "payment_id", description: "payment_id is longer than 64 characters", bytes: id))
        }

        var scale = PaymentValidator.fallbackScale
        if let currency = text(row, .currency, into: &values, issues: &issues) {
            if let minor = Currency.minorUnits(currency) {
                scale = minor
            } else {
                issues.append(Issue("currency_unknown", field: "currency",
                                    description: "not an active ISO 4217 currency code", bytes: currency))
            }
        }
        if let amount = row.value(F.amount.rawValue) {
            switch DecimalAmount.parse(amount, scale: scale) {
            case .success(let parsed): values[F.amount.rawValue] = .integer(parsed.minorUnits)
            case .failure(let problem): issues.append(PaymentValidator.issue(problem, field: "amount", bytes: amount))
            }
        } else {
            issues.append(PaymentValidator.required("amount"))
        }
        if let date = text(row, .dueDate, into: &values, issues: &issues), CalendarDate.parseISO(date) == nil {
            issues.append(Issue("date_invalid", field: "due_date",
                                description: "not a calendar date in the form YYYY-MM-DD", bytes: date))
        }
        _ = text(row, .beneficiaryName, into: &values, issues: &issues)
        if let iban = text(row, .beneficiaryIBAN, into: &values, issues: &issues),
           let problem = IBAN.validate(iban) {
            issues.append(PaymentValidator.issue(problem, field: "beneficiary_iban", bytes: iban))
        }
        if let bic = text(row, .beneficiaryBIC, into: &values, issues: &issues), let problem = BIC.validate(bic) {
            issues.append(PaymentValidator.issue(problem, field: "beneficiary_bic", bytes: bic))
        }
        if let country = text(row, .beneficiaryCountry, into: &values, issues: &issues), !Country.isAlpha2(country) {
            issues.append(Issue("country_unknown", field: "beneficiary_country",
                                description: "not an ISO 3166-1 alpha-2 country code", bytes: country))
        }
        for field in [F.reference, .supplierID, .debtorName] {
            _ = text(row, field, into: &values, issues: &issues)
        }
        if let e2e = text(row, .endToEndID, into: &values, issues: &issues), e2e.scalarCount > 35 {
            issues.append(Issue("too_long", field: "end_to_end_id",
                                description: "end_to_end_id is longer than 35 characters (ISO 20022 Max35Text)", bytes: e2e))
        }
        if let registration = text(row, .companyRegistration, into: &values, issues: &issues) {
            let problem = registration.count == 14
                ? FrenchCompanyID.validateSIRET(registration) : FrenchCompanyID.validateSIREN(registration)
            if problem != nil {
                issues.append(Issue("registration_invalid", field: "company_registration",
                                    description: "not a valid SIREN (9 digits) or SIRET (14 digits): the Luhn check fails or the length is wrong",
                                    bytes: registration))
            }
        }
        if let debtor = text(row, .debtorIBAN, into: &values, issues: &issues), let problem = IBAN.validate(debtor) {
            issues.append(PaymentValidator.issue(problem, field: "debtor_iban", bytes: debtor))
        }
    }

    /// Copies a text field into `values`; a missing required field is a `required` issue.
    private func text(_ row: some RowFields, _ field: F, into values: inout RecordValues, issues: inout [Issue])
        -> UnsafeBufferPointer<UInt8>?
    {
        guard let bytes = row.value(field.rawValue) else {
            if schema.fields[field.rawValue].required {
                issues.append(PaymentValidator.required(schema.fields[field.rawValue].name))
            }
            return nil
        }
        values[field.rawValue] = .text(bytes)
        return bytes
    }

    static func required(_ field: String) -> Issue {
        Issue("required", field: field, description: "\(field) is required and is empty or missing")
    }

    static func issue(_ problem: DecimalAmount.Problem, field: String, bytes: UnsafeBufferPointer<UInt8>) -> Issue {
        switch problem {
        case .format:
            Issue("amount_format", field: field,
                  description: "not a decimal amount: use digits with '.' as the decimal separator, no thousands separators",
                  bytes: bytes)
        case .notPositive:
            Issue("amount_not_positive", field: field, description: "the amount must be greater than zero", bytes: bytes)
        case .tooManyDecimals(let allowed):
            Issue("amount_precision", field: field,
                  description: "more decimals than the currency allows (\(allowed))", bytes: bytes)
        case .tooLarge:
            Issue("amount_too_large", field: field, description: "the amount is too large", bytes: bytes)
        }
    }

    static func issue(_ problem: IBAN.Problem, field: String, bytes: UnsafeBufferPointer<UInt8>) -> Issue {
        switch problem {
        case .characters:
            Issue("iban_format", field: field,
                  description: "an IBAN has only capital letters and digits, no spaces", bytes: bytes)
        case .unknownCountry:
            Issue("iban_country", field: field,
                  description: "the IBAN's first two letters are not a country that uses IBAN", bytes: bytes)
        case .length(let expected):
            Issue("iban_length", field: field,
                  description: "an IBAN of this country has \(expected) characters", bytes: bytes)
        case .checksum:
            Issue("iban_checksum", field: field, description: "IBAN check digits do not match", bytes: bytes)
        }
    }

    static func issue(_ problem: BIC.Problem, field: String, bytes: UnsafeBufferPointer<UInt8>) -> Issue {
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
}
