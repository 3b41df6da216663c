/// `papaya/beneficiaries_import`: Papaya Global's beneficiary item, nested
/// objects flattened with dots (`bank_details.account_number`).
enum BeneficiarySchema {
    static let individual = "when entity_type is INDIVIDUAL"
    static let business = "when entity_type is BUSINESS"

    static let schema = RecordSchema(
        type: .beneficiaries,
        fields: [
            FieldDefinition("id", .text, .required, maxLength: 64, note: "unique within the document (duplicate_id)"),
            FieldDefinition("entity_type", .entityType, .required),
            FieldDefinition("country", .country, .optional, note: "defaults to bank_details.account_country"),
            FieldDefinition("currency", .currency, .optional, note: "defaults to bank_details.account_currency"),
            FieldDefinition("bank_details.account_number", .accountNumber, .required),
            FieldDefinition("bank_details.bank_code", .text, maxLength: 34),
            FieldDefinition("bank_details.account_country", .country, .required),
            FieldDefinition("bank_details.account_currency", .currency, .required),
            FieldDefinition("bank_details.account_name", .name, .required),
            FieldDefinition("bank_details.bank_name", .name, .required),
            FieldDefinition("entity.individual_first_name", .name, .when(individual)),
            FieldDefinition("entity.individual_last_name", .name, .when(individual)),
            FieldDefinition("entity.date_of_birth", .birthdate),
            FieldDefinition("entity.company_name", .name, .when(business)),
            FieldDefinition("entity.address_street", .text, maxLength: 256),
            FieldDefinition("entity.address_city", .text, maxLength: 128),
            FieldDefinition("entity.address_zip_code", .text, maxLength: 32),
            FieldDefinition("entity.address_state", .text, maxLength: 128),
            FieldDefinition("entity.address_country", .country),
        ],
        id: "id", crossRules: .beneficiary,
        notes: [
            "A missing property is reported on the object that lacks it (`$.bank_details`), naming the property, as Papaya does.",
            "country and currency default to bank_details.account_country and account_currency.",
            "`update_payments` of a Papaya body is stored on the job.",
        ])
}
