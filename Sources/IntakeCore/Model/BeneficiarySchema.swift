/// `papaya/beneficiaries_import`: Papaya Global's beneficiary item, nested
/// objects flattened with dots (`bank_details.account_number`), with Papaya's
/// own field names (`entity.address_line_1`, …). What `entity` and
/// `bank_details` hold beyond these fields varies per corridor: it is kept in
/// `extra` (``extraObjects``), never dropped. The bank details' rules per
/// corridor are ``BankCorridor``'s.
package enum BeneficiarySchema {
    package static let individual = "when entity_type is INDIVIDUAL"
    package static let business = "when entity_type is BUSINESS"

    package static let schema = RecordSchema(
        type: .beneficiaries,
        fields: [
            FieldDefinition("id", .text, .required, maxLength: 64, note: "unique within the document (duplicate_id)"),
            FieldDefinition("entity_type", .entityType, .required),
            FieldDefinition("country", .country, .optional, note: "defaults to bank_details.account_country"),
            FieldDefinition("currency", .currency, .optional, note: "defaults to bank_details.account_currency"),
            FieldDefinition("bank_details.account_number", .accountNumber, .required,
                            note: "per corridor (see the corridor rules below); alias clabe"),
            FieldDefinition("bank_details.bank_code", .text, .when("in the corridors that name it (below)"), maxLength: 34,
                            note: "per corridor: ABA routing number, sort code, BSB, IFSC …; aliases routing_number, sort_code, bsb, ifsc"),
            FieldDefinition("bank_details.branch_code", .text, .when("in JP/JPY"), maxLength: 34,
                            note: "per corridor (JP: 3 digits; ZA: the bank_code when that is absent)"),
            FieldDefinition("bank_details.account_country", .country, .required),
            FieldDefinition("bank_details.account_currency", .currency, .required),
            FieldDefinition("bank_details.account_name", .name, .required),
            FieldDefinition("bank_details.bank_name", .name, .required),
            FieldDefinition("entity.individual_first_name", .name, .when(individual)),
            FieldDefinition("entity.individual_last_name", .name, .when(individual)),
            FieldDefinition("entity.date_of_birth", .birthdate),
            FieldDefinition("entity.company_name", .name, .when(business)),
            FieldDefinition("entity.address_line_1", .text, maxLength: 256, note: "alias address_street"),
            FieldDefinition("entity.address_line_2", .text, maxLength: 256),
            FieldDefinition("entity.address_city", .text, maxLength: 128),
            FieldDefinition("entity.address_postal_code", .text, maxLength: 32, note: "alias address_zip_code"),
            FieldDefinition("entity.address_country_subdivision", .text, maxLength: 128, note: "alias address_state"),
            FieldDefinition("entity.address_country", .country),
            FieldDefinition("extra", .extra),
        ],
        id: "id", crossRules: .beneficiary,
        aliases: [
            "entity.address_street": "entity.address_line_1",
            "entity.address_zip_code": "entity.address_postal_code",
            "entity.address_state": "entity.address_country_subdivision",
            "bank_details.routing_number": "bank_details.bank_code",
            "bank_details.sort_code": "bank_details.bank_code",
            "bank_details.bsb": "bank_details.bank_code",
            "bank_details.ifsc": "bank_details.bank_code",
            "bank_details.clabe": "bank_details.account_number",
        ],
        extraObjects: ["entity", "bank_details"],
        notes: [
            "A missing property is reported on the object that lacks it (`$.bank_details`), naming the property, as Papaya does.",
            "country and currency default to bank_details.account_country and account_currency.",
            "`update_payments` of a Papaya body is stored on the job.",
            "The older names entity.address_street, address_zip_code and address_state are read as address_line_1, address_postal_code and address_country_subdivision.",
            "Any other property of entity or bank_details (a JSON key, or a dotted CSV or workbook column such as bank_details.swift_code) is kept, as given, in the record's extra (JSON, keys sorted), with one document warning extra_properties naming them; other unknown properties are a warning (unknown_column) and are not kept.",
        ] + BankCorridor.notes)
}
