import IntakeKit

/// A French ERP's export: Windows-1252, decimal commas, its own column names.
package enum FrenchExport {
    /// Workspace `acme`'s payments input settings for it.
    package static func settings(_ configuration: inout Configuration) {
        var settings = InputSettings()
        settings.encoding = .windows1252
        settings.decimalComma = true
        settings.columnAliases = [
            "référence_paiement": "payment_id", "montant": "amount", "devise": "currency", "échéance": "due_date",
            "bénéficiaire": "beneficiary_name", "iban": "beneficiary_iban", "bic": "beneficiary_bic", "pays": "beneficiary_country",
        ]
        configuration.workspaces["acme"]?.inputs[.payments] = settings
    }
}
