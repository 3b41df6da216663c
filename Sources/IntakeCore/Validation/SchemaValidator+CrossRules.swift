/// The rules across fields of company accounts and beneficiaries.
extension SchemaValidator {
    /// Company account audits and checks: one block (company or person), a
    /// company identifier, French registration and VAT checks, and the bank block.
    package func checkCompanyAccount(_ row: some RowFields, into values: inout RecordValues, issues: inout [Issue]) {
        let f = schema.field
        let company = [f("company_name"), f("company_country_code"), f("company_registration"), f("tax_number"), f("duns")]
        let person = [f("first_name"), f("last_name"), f("natural_person_country_code"), f("birthdate")]
        let isCompany = company.contains { row.value($0) != nil }
        let isPerson = person.contains { row.value($0) != nil }
        switch (isCompany, isPerson) {
        case (false, false):
            issues.append(Issue("block_missing", field: "",
                                description: "the record has neither a company (company_name, company_country_code, an identifier) nor a natural person (first_name, last_name, natural_person_country_code)"))
        case (true, true):
            issues.append(Issue("block_conflict", field: "",
                                description: "the record mixes company fields and natural person fields; a record is one or the other"))
        case (true, false):
            require(company[0], row, issues: &issues)
            require(company[1], row, issues: &issues)
            if !company[2...4].contains(where: { row.value($0) != nil }) {
                issues.append(Issue("identifier_required", field: "",
                                    description: "a company needs at least one identifier: company_registration, tax_number or duns"))
            }
            if let country = stored(values, company[1]), country.elementsEqual("FR".utf8) {
                checkFrench(company[2], row, into: &values, issues: &issues, FrenchCompanyID.validateSIRENOrSIRET,
                            issue: ValidationIssues.registration(field:bytes:))
                checkFrench(company[3], row, into: &values, issues: &issues, FrenchCompanyID.validateVAT,
                            issue: ValidationIssues.vat(field:bytes:))
            }
        case (false, true):
            for index in person[0...2] { require(index, row, issues: &issues) }
        }

        guard let bankCountry = stored(values, f("bank_account_country_code")) else { return }
        let iban = f("iban")
        if let prefix = IBAN.prefix(country: bankCountry[0], bankCountry[1]) {
            require(iban, row, issues: &issues)
            if let account = stored(values, iban), account[0] != prefix.0 || account[1] != prefix.1 {
                issues.append(Issue("iban_country_mismatch", field: "iban",
                                    description: "the IBAN is of another country than bank_account_country_code "
                                        + ValidationIssues.ibanCountry(bankCountry, prefix),
                                    bytes: row.value(iban)))
                values[iban] = .null
            }
        } else {
            require(f("bank_account_number"), row, issues: &issues)
            if row.value(f("bic_code")) == nil && row.value(f("routing_number")) == nil {
                issues.append(Issue("bank_identifier_required", field: "",
                                    description: "an account outside the IBAN countries needs bic_code or routing_number beside bank_account_number"))
            }
        }
    }

    /// Papaya beneficiaries: the entity by its type, country and currency by
    /// default from the bank details, the account number by its country.
    package func checkBeneficiary(_ row: some RowFields, into values: inout RecordValues, issues: inout [Issue]) {
        let f = schema.field
        if let type = stored(values, f("entity_type")) {
            if type.elementsEqual("INDIVIDUAL".utf8) {
                require(f("entity.individual_first_name"), row, issues: &issues)
                require(f("entity.individual_last_name"), row, issues: &issues)
            } else {
                require(f("entity.company_name"), row, issues: &issues)
            }
        }
        let accountCountry = f("bank_details.account_country")
        for (field, source) in [(f("country"), accountCountry), (f("currency"), f("bank_details.account_currency"))]
        where row.value(field) == nil {
            values[field] = values[source]
        }
        let number = f("bank_details.account_number")
        guard let country = stored(values, accountCountry) else { return }
        if let currency = stored(values, f("bank_details.account_currency")),
           let corridor = BankCorridor.find(country: country, currency: currency),
           !(corridor.ibanAlternative && row.value(number).map(SchemaValidator.looksLikeIBAN) == true)
        {
            checkCorridor(corridor, row, into: &values, issues: &issues)
            return
        }
        guard let account = row.value(number) else { return }
        let name = schema.fields[number].name
        if let prefix = IBAN.prefix(country: country[0], country[1]) {
            switch PrintedIdentifier.check(account, dots: false, groups: true, scratch: scratch, IBAN.validate) {
            case .invalid(let problem):
                issues.append(ValidationIssues.iban(problem, field: name, bytes: account))
                values[number] = .null
            case .valid(let compact) where compact[0] != prefix.0 || compact[1] != prefix.1:
                issues.append(Issue("iban_country_mismatch", field: name,
                                    description: "the IBAN is of another country than bank_details.account_country "
                                        + ValidationIssues.ibanCountry(country, prefix),
                                    bytes: account))
                values[number] = .null
            case .valid(let compact):
                values[number] = .text(compact)
            }
        } else if account.count < 4 || account.count > 34 || !account.allSatisfy({ ASCIIScan.isUpperAlnum($0) }) {
            issues.append(Issue("account_number_format", field: name,
                                description: "an account number has 4 to 34 capital letters and digits, no spaces",
                                bytes: account))
            values[number] = .null
        }
    }

    /// Whether an account number starts like an IBAN (two letters), so that a
    /// corridor that takes one (GB/GBP) checks it as an IBAN.
    package static func looksLikeIBAN(_ account: Bytes) -> Bool {
        account.count >= 2 && ASCIIScan.isUpper(account[0] & 0xDF) && ASCIIScan.isUpper(account[1] & 0xDF)
    }

    /// Payments and payments history: the BIC may be left out of a transfer in
    /// euros to an IBAN of a SEPA country (IBAN-only, the EPC rule since
    /// 2016); it is required otherwise. When the IBAN or the currency is
    /// missing or invalid the row already fails on it and the BIC is not judged.
    ///
    /// An IBAN-only payment stores an empty BIC, not NULL: existing stores'
    /// tables were created with `beneficiary_bic NOT NULL`; making it nullable
    /// takes a migration of the store's own.
    package func checkPayment(_ row: some RowFields, into values: inout RecordValues, issues: inout [Issue]) {
        guard let fields = paymentFields, row.value(fields.bic) == nil,
              let iban = stored(values, fields.iban), let currency = stored(values, fields.currency)
        else { return }
        if currency.elementsEqual("EUR".utf8) && SEPA.contains(iban[0], iban[1]) {
            if let empty = scratch.store(EmptyCollection<UInt8>()) { values[fields.bic] = .text(empty) }
            return
        }
        let field = schema.fields[fields.bic]
        issues.append(Issue("required", field: field.name,
                            description: "\(field.name) is required but has no value: only a EUR payment to an IBAN of a SEPA country may go without a BIC",
                            property: field.parentPath))
    }

    /// A French company's registration or VAT number, checked in electronic
    /// form and stored so; the issue shows it as written.
    private func checkFrench(
        _ index: Int, _ row: some RowFields, into values: inout RecordValues, issues: inout [Issue],
        _ validate: (Bytes) -> FrenchCompanyID.Problem?, issue: (String, Bytes) -> Issue
    ) {
        guard let value = row.value(index) else { return }
        switch PrintedIdentifier.check(value, dots: true, scratch: scratch, validate) {
        case .valid(let compact): values[index] = .text(compact)
        case .invalid:
            issues.append(issue(schema.fields[index].name, value))
            values[index] = .null
        }
    }
}
