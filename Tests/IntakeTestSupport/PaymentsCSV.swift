/// Small hand-written payments files with known outcomes.
package enum PaymentsCSV {
    package static let header =
        "payment_id,amount,currency,due_date,beneficiary_name,beneficiary_iban,beneficiary_bic,beneficiary_country,reference\n"

    /// Valid rows; IBANs are registry examples.
    package static let valid = [
        "PAY-1,100.00,EUR,2026-06-01,Marie Dubois,FR7630006000011234567890189,SOGEFRPP,FR,Invoice 1\n",
        "PAY-2,2500.50,EUR,2026-06-02,\"Müller, Hans\",DE89370400440532013000,COBADEFFXXX,DE,\"Order 7, batch 2\"\n",
        "PAY-3,15000,JPY,2026-06-03,\"Acme \"\"Holding\"\" PLC\",GB29NWBK60161331926819,NWBKGB2L,GB,\n",
    ]

    /// One invalid row per code (the code is the key).
    package static let invalid: [(code: String, row: String)] = [
        ("iban_checksum", "BAD-1,10.00,EUR,2026-06-01,A,FR7730006000011234567890189,SOGEFRPP,FR,x\n"),
        ("currency_unknown", "BAD-2,10.00,EUX,2026-06-01,B,FR7630006000011234567890189,SOGEFRPP,FR,x\n"),
        ("date_invalid", "BAD-3,10.00,EUR,2026-02-30,C,FR7630006000011234567890189,SOGEFRPP,FR,x\n"),
        ("amount_not_positive", "BAD-4,-10.00,EUR,2026-06-01,D,FR7630006000011234567890189,SOGEFRPP,FR,x\n"),
        ("required", "BAD-5,10.00,EUR,2026-06-01,,FR7630006000011234567890189,SOGEFRPP,FR,x\n"),
        ("bic_format", "BAD-6,10.00,EUR,2026-06-01,F,FR7630006000011234567890189,SOGEFRP,FR,x\n"),
        ("duplicate_id", "PAY-1,10.00,EUR,2026-06-01,G,FR7630006000011234567890189,SOGEFRPP,FR,x\n"),
        ("amount_precision", "BAD-8,10.005,EUR,2026-06-01,H,FR7630006000011234567890189,SOGEFRPP,FR,x\n"),
        ("field_count", "BAD-9,10.00,EUR\n"),
    ]

    /// The header, the valid rows, then every invalid row.
    package static var mixed: String { header + valid.joined() + invalid.map(\.row).joined() }
}

extension Dictionary where Key == String, Value == Any {
    package func int(_ key: String) -> Int? { self[key] as? Int }
    package func string(_ key: String) -> String? { self[key] as? String }
    package func dictionary(_ key: String) -> [String: Any]? { self[key] as? [String: Any] }
    package func array(_ key: String) -> [[String: Any]] { self[key] as? [[String: Any]] ?? [] }
}
