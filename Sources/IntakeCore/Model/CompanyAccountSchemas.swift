/// `trustpair/company_account_audits_import` (the vendor database, one
/// supplier per row) and `trustpair/company_account_checks_import` (accounts
/// checked before paying): a company or a person block, and a bank block.
package enum CompanyAccountSchemas {
    package static let companyBlock = "for a company (a company_* field or an identifier is given)"
    package static let personBlock = "for a natural person (first_name, last_name, natural_person_country_code or birthdate is given)"

    /// The company, person and bank blocks, in store order.
    package static let blocks: [FieldDefinition] = [
        FieldDefinition("company_name", .name, .when(companyBlock)),
        FieldDefinition("company_country_code", .countryCode, .when(companyBlock)),
        FieldDefinition("company_registration", .registration, .optional,
                        note: "a company needs at least one of company_registration, tax_number, duns"),
        FieldDefinition("tax_number", .taxNumber),
        FieldDefinition("duns", .duns),
        FieldDefinition("first_name", .name, .when(personBlock)),
        FieldDefinition("last_name", .name, .when(personBlock)),
        FieldDefinition("natural_person_country_code", .countryCode, .when(personBlock)),
        FieldDefinition("birthdate", .birthdate),
        FieldDefinition("bank_account_country_code", .countryCode, .required),
        FieldDefinition("iban", .iban, .when("where the bank country uses IBAN"),
                        note: "its country must be the bank country"),
        FieldDefinition("bank_account_number", .text, .when("where the bank country does not use IBAN"), maxLength: 34),
        FieldDefinition("bic_code", .bic, .optional, note: "beside bank_account_number, bic_code or routing_number is required"),
        FieldDefinition("routing_number", .text, maxLength: 34),
    ]

    package static let notes = [
        "A record holds exactly one of a company block and a natural person block (block_missing, block_conflict).",
        "A company needs at least one identifier: company_registration, tax_number or duns (identifier_required).",
        "Where bank_account_country_code uses IBAN, iban is required and its country must match (iban_country_mismatch); a territory that uses its parent's IBAN (GF, GP, MQ, RE, YT, PM, BL, MF, NC, PF, WF, TF → FR; IM, JE, GG → GB; AX → FI) takes the parent's; elsewhere bank_account_number with bic_code or routing_number (bank_identifier_required).",
    ]

    package static let audits = RecordSchema(
        type: .companyAccountAudits,
        fields: [FieldDefinition("supplier_id", .text, .required, maxLength: 64, note: "unique within the document (duplicate_id)")]
            + blocks,
        id: "supplier_id", crossRules: .companyAccount, notes: notes)

    package static let checks = RecordSchema(
        type: .companyAccountChecks,
        fields: [FieldDefinition("custom_id", .text, .required, maxLength: 64, note: "unique within the document (duplicate_id)")]
            + blocks + [FieldDefinition("company_raw_address", .text, maxLength: 512)],
        id: "custom_id", crossRules: .companyAccount, notes: notes)
}
