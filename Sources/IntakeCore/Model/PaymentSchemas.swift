/// `trustpair/payments_import` and `trustpair/payments_history_import`: the
/// columns of the reference generator plus the optional ones Trustpair accepts.
package enum PaymentSchemas {
    /// The fields both payment types share, in store order.
    package static let common: [FieldDefinition] = [
        FieldDefinition("payment_id", .text, .required, maxLength: 64, note: "unique within the document (duplicate_id)"),
        FieldDefinition("amount", .decimal, .required),
        FieldDefinition("currency", .currency, .required),
        FieldDefinition("due_date", .date, .required),
        FieldDefinition("beneficiary_name", .name, .required),
        FieldDefinition("beneficiary_iban", .iban, .required),
        FieldDefinition("beneficiary_bic", .bic, .when("unless the payment is in EUR to an IBAN of a SEPA country (IBAN-only)"),
                        note: "checked whenever present"),
        FieldDefinition("beneficiary_country", .country, .required),
        FieldDefinition("reference", .text),
        FieldDefinition("supplier_id", .text),
        FieldDefinition("company_registration", .sirenSiret),
        FieldDefinition("debtor_iban", .iban),
        FieldDefinition("debtor_name", .text),
        FieldDefinition("end_to_end_id", .text, maxLength: 35, note: "ISO 20022 Max35Text"),
    ]

    package static let notes = [
        "beneficiary_bic may be left out of a EUR payment to an IBAN of a SEPA country (EPC list of SEPA scheme countries, 2025: EU, IS, LI, NO, CH, GB, MC, SM, VA, AD, AL, MD, ME, MK, RS and their SEPA territories); otherwise it is required (required).",
    ]

    package static let payments = RecordSchema(
        type: .payments, fields: common, id: "payment_id", crossRules: .payments, notes: notes)

    package static let history = RecordSchema(
        type: .paymentsHistory,
        fields: common + [
            FieldDefinition("paid_at", .pastDate, .required,
                            note: "from a pain.001 document the requested execution date"),
        ],
        id: "payment_id", crossRules: .payments, notes: notes)
}
