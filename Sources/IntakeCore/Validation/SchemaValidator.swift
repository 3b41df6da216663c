/// Validates the records of any import type: every field by its kind
/// (``FieldKind``), then the type's rules across fields (``CrossRules``).
/// The payments rules reject exactly the rows the reference generator marks
/// invalid, one code each (spec section 2). Identifiers printed with spaces,
/// no-break spaces, dots (French ids) or in lower case are checked and stored
/// in electronic form; issues show them as written.
public struct SchemaValidator: RecordValidator {
    public let schema: RecordSchema
    /// Accept `1234,56` as well as `1234.56`.
    package let decimalComma: Bool
    /// How dates are written; ISO dates are read in every format.
    package let dateFormat: DateFormat
    /// The thousands separator amounts may hold, or nil.
    package let thousands: ThousandsSeparator?
    /// Dates of payment and birth may not be after this day.
    package let today: CalendarDate
    package let scratch = ValidationScratch()
    package let currencyField: Int?
    /// Payments: the fields of the rule on the BIC (``checkPayment``).
    package let paymentFields: (iban: Int, bic: Int, currency: Int)?
    // The hot loop reads these flat copies, not `schema.fields` (whose strings
    // would be retained and released for every field of every row).
    private let kinds: [FieldKind]
    private let required: [Bool]
    private let maxLengths: [Int]

    /// Largest number of decimals accepted while the currency is unknown (the
    /// row fails on its currency; the amount is still checked for shape and sign).
    package static let fallbackScale = 4

    /// A validator for `schema` reading amounts and dates as the workspace writes
    /// them (`decimalComma`, `thousands`, `dateFormat`); `today` is the UTC day by default.
    public init(
        schema: RecordSchema, decimalComma: Bool = false, dateFormat: DateFormat = .iso,
        thousands: ThousandsSeparator? = nil, today: CalendarDate? = nil
    ) {
        self.schema = schema
        self.decimalComma = decimalComma
        self.dateFormat = dateFormat
        self.thousands = thousands
        self.today = today ?? CalendarDate.todayUTC()
        currencyField = schema.fields.firstIndex { $0.kind == .currency }
        paymentFields = schema.crossRules == .payments
            ? (schema.field("beneficiary_iban"), schema.field("beneficiary_bic"), schema.field("currency")) : nil
        kinds = schema.fields.map(\.kind)
        required = schema.fields.map(\.required)
        maxLengths = schema.fields.map { $0.maxLength ?? Int.max }
    }

    public func validate(_ row: some RowFields, into values: inout RecordValues, issues: inout [Issue]) {
        values.clear()
        scratch.reset()
        var scale = SchemaValidator.fallbackScale
        if let currencyField, let currency = row.value(currencyField), let minor = Currency.minorUnits(currency) {
            scale = minor
        }
        for index in kinds.indices {
            guard let raw = row.rawValue(index) else {
                if required[index] {
                    let field = schema.fields[index]
                    if !issues.contains(where: { $0.field == field.name }) { issues.append(.missing(field)) }
                }
                continue
            }
            let value = raw.trimmed()
            guard !value.isEmpty else {
                if required[index] { issues.append(.missing(schema.fields[index])) }
                continue
            }
            let kind = kinds[index]
            if kind == .name && value.count != raw.count {
                let name = schema.fields[index].name
                issues.append(Issue("trimmed", field: name, description: "\(name) had spaces around it; they were removed",
                                    bytes: raw, severity: .warning))
            }
            if value.count > maxLengths[index] && value.scalarCount > maxLengths[index] {
                let name = schema.fields[index].name
                issues.append(Issue("too_long", field: name,
                                    description: "\(name) is longer than \(maxLengths[index]) characters", bytes: value))
                continue
            }
            check(kind, index, value, scale: scale, into: &values, issues: &issues)
        }
        switch schema.crossRules {
        case .payments: checkPayment(row, into: &values, issues: &issues)
        case .companyAccount: checkCompanyAccount(row, into: &values, issues: &issues)
        case .beneficiary: checkBeneficiary(row, into: &values, issues: &issues)
        }
    }

    /// The rule of the field's kind; a valid value is written to `values`.
    private func check(
        _ kind: FieldKind, _ index: Int, _ value: Bytes, scale: Int, into values: inout RecordValues, issues: inout [Issue]
    ) {
        var stored: Bytes? = value
        var name: String { schema.fields[index].name }
        switch kind {
        case .text, .name, .registration, .taxNumber, .accountNumber, .extra:
            break  // free text, or checked by the cross rules that know the country
        case .decimal:
            let parsed = if let thousands {
                DecimalAmount.parse(value, scale: scale, decimalComma: decimalComma, thousands: thousands)
            } else {
                DecimalAmount.parse(value, scale: scale, decimalComma: decimalComma)
            }
            switch parsed {
            case .success(let amount):
                values[index] = .integer(amount.minorUnits)
                return
            case .failure(let problem):
                issues.append(ValidationIssues.amount(problem, field: name, bytes: value, decimalComma: decimalComma, thousands: thousands))
                return
            }
        case .currency:
            if Currency.minorUnits(value) == nil {
                issues.append(Issue("currency_unknown", field: name, description: "not an active ISO 4217 currency code", bytes: value))
                stored = nil
            }
        case .date, .pastDate, .birthdate:
            stored = checkDate(kind, name: name, value, issues: &issues)
        case .iban:
            switch PrintedIdentifier.check(value, dots: false, groups: true, scratch: scratch, IBAN.validate) {
            case .valid(let compact): stored = compact
            case .invalid(let problem):
                issues.append(ValidationIssues.iban(problem, field: name, bytes: value))
                stored = nil
            }
        case .bic:
            switch PrintedIdentifier.check(value, dots: false, scratch: scratch, BIC.validate) {
            case .valid(let compact): stored = compact
            case .invalid(let problem):
                issues.append(ValidationIssues.bic(problem, field: name, bytes: value))
                stored = nil
            }
        case .country:
            if !Country.isAlpha2(value) {
                issues.append(Issue("country_unknown", field: name, description: "not an ISO 3166-1 alpha-2 country code", bytes: value))
                stored = nil
            }
        case .countryCode:
            if !Country.isAlpha2(value) {
                if value.count == 3, let alpha2 = Country.alpha2(fromAlpha3: String(decoding: value, as: UTF8.self)) {
                    stored = scratch.store(alpha2.utf8)
                } else {
                    issues.append(Issue("country_unknown", field: name,
                                        description: "not an ISO 3166-1 alpha-2 or alpha-3 country code", bytes: value))
                    stored = nil
                }
            }
        case .sirenSiret:
            switch PrintedIdentifier.check(value, dots: true, scratch: scratch, FrenchCompanyID.validateSIRENOrSIRET) {
            case .valid(let compact): stored = compact
            case .invalid:
                issues.append(ValidationIssues.registration(field: name, bytes: value))
                stored = nil
            }
        case .duns:
            if value.count != 9 || !value.allSatisfy(ASCIIScan.isDigit) {
                issues.append(Issue("duns_invalid", field: name, description: "a D-U-N-S number is exactly 9 digits", bytes: value))
                stored = nil
            }
        case .entityType:
            let upper = value.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
            if upper.elementsEqual("INDIVIDUAL".utf8) || upper.elementsEqual("BUSINESS".utf8) {
                stored = scratch.store(upper)
            } else {
                issues.append(Issue("entity_type_invalid", field: name, description: "entity_type is INDIVIDUAL or BUSINESS", bytes: value))
                stored = nil
            }
        }
        if let stored { values[index] = .text(stored) }
    }

    /// The text stored for field `index` (valid and normalised), nil otherwise.
    package func stored(_ values: RecordValues, _ index: Int) -> Bytes? {
        if case .text(let bytes) = values[index] { return bytes }
        return nil
    }

    /// A required-when field: its missing or empty issue, unless it already has one.
    package func require(_ index: Int, _ row: some RowFields, issues: inout [Issue]) {
        let field = schema.fields[index]
        guard row.value(index) == nil, !issues.contains(where: { $0.field == field.name }) else { return }
        issues.append(.missing(field))
    }
}

extension CalendarDate {
    /// Today in UTC.
    package static func todayUTC() -> CalendarDate {
        let day = Timestamp.now().day
        let date = ASCIIScan.withUTF8(day) { CalendarDate.parseISO($0) }
        guard let date else { preconditionFailure("the clock gives a date between 1900 and 2999: \(day)") }
        return date
    }
}
