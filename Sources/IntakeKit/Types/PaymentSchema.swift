/// The payments type (`trustpair/payments_import`): the columns of the
/// reference generator plus the optional ones Trustpair accepts.
public enum PaymentSchema {
    /// Field positions, matching ``schema``'s order.
    public enum Field: Int, CaseIterable, Sendable {
        case paymentID, amount, currency, dueDate, beneficiaryName, beneficiaryIBAN, beneficiaryBIC
        case beneficiaryCountry, reference, supplierID, companyRegistration, debtorIBAN, debtorName, endToEndID
    }

    /// The definition every part of Intake reads.
    public static let schema = RecordSchema(
        type: .payments,
        fields: [
            FieldDefinition(name: "payment_id", kind: "text", required: true,
                            rule: "non-empty, unique within the document (duplicate_id), at most 64 characters"),
            FieldDefinition(name: "amount", kind: "decimal", required: true,
                            rule: "positive decimal with '.' and at most the currency's minor units"),
            FieldDefinition(name: "currency", kind: "currency", required: true, rule: "ISO 4217 active code"),
            FieldDefinition(name: "due_date", kind: "date", required: true, rule: "ISO 8601 calendar date YYYY-MM-DD"),
            FieldDefinition(name: "beneficiary_name", kind: "text", required: true, rule: "non-empty"),
            FieldDefinition(name: "beneficiary_iban", kind: "iban", required: true,
                            rule: "ISO 13616: registry length for its country, mod-97 check digits"),
            FieldDefinition(name: "beneficiary_bic", kind: "bic", required: true,
                            rule: "ISO 9362: 8 or 11 characters, letters 5-6 a country"),
            FieldDefinition(name: "beneficiary_country", kind: "country", required: true,
                            rule: "ISO 3166-1 alpha-2"),
            FieldDefinition(name: "reference", kind: "text", required: false, rule: "free text"),
            FieldDefinition(name: "supplier_id", kind: "text", required: false, rule: "free text"),
            FieldDefinition(name: "company_registration", kind: "siren_siret", required: false,
                            rule: "French SIREN (9 digits) or SIRET (14 digits) with its Luhn check"),
            FieldDefinition(name: "debtor_iban", kind: "iban", required: false,
                            rule: "ISO 13616: registry length for its country, mod-97 check digits"),
            FieldDefinition(name: "debtor_name", kind: "text", required: false, rule: "free text"),
            FieldDefinition(name: "end_to_end_id", kind: "text", required: false, rule: "at most 35 characters"),
        ],
        idField: 0)
}
