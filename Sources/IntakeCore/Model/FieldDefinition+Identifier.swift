/// Which fields hold identifiers: codes whose every character counts, leading
/// zeros included, which a spreadsheet's number cell may have cut.
extension FieldDefinition {
    /// Field names (their last part) that are identifiers although their kind
    /// is free text: bank and branch codes, postal codes.
    package static let identifierNames: Set<String> = [
        "bank_code", "branch_code", "sort_code", "bsb", "ifsc", "clabe", "address_zip_code", "address_postal_code",
    ]

    /// Whether the field holds an identifier: an IBAN, BIC, account number,
    /// SIREN/SIRET, company registration, VAT or tax number, D-U-N-S; a record
    /// or other id (`payment_id`, `supplier_id`, `end_to_end_id`, `id`); any
    /// other `…_number` (`bank_account_number`, `routing_number`); a bank,
    /// branch or postal code. Free text (`reference`, names, addresses) is not.
    public var isIdentifier: Bool {
        switch kind {
        case .iban, .bic, .accountNumber, .sirenSiret, .registration, .taxNumber, .duns:
            return true
        case .text:
            let leaf = leafName
            return leaf == "id" || leaf.hasSuffix("_id") || leaf.hasSuffix("_number") || Self.identifierNames.contains(leaf)
        default:
            // Names, amounts, currencies, dates, countries, an entity type: never identifiers.
            return false
        }
    }
}
