/// The five kinds of import, named as in spec section 2.
public enum ImportType: String, CaseIterable, Codable, Sendable {
    case companyAccountAudits = "company_account_audits"
    case companyAccountChecks = "company_account_checks"
    case payments
    case paymentsHistory = "payments_history"
    case beneficiaries

    /// The short name used in paths and on the command line.
    public var name: String { rawValue }

    /// The API type, e.g. `trustpair/payments_import`.
    public var apiType: String {
        switch self {
        case .beneficiaries: "papaya/beneficiaries_import"
        default: "trustpair/\(rawValue)_import"
        }
    }

    /// The type whose API type is `apiType` (`trustpair/payments_import`).
    public init?(apiType: String?) {
        guard let match = ImportType.allCases.first(where: { $0.apiType == apiType }) else { return nil }
        self = match
    }

    /// The permission a workspace needs to import this type.
    public var permission: String {
        switch self {
        case .companyAccountAudits: "company_account_audits_write"
        case .companyAccountChecks: "company_account_checks_write"
        case .payments: "payment_checks_write"
        case .paymentsHistory: "paid_payments_write"
        case .beneficiaries: "beneficiaries_write"
        }
    }

    /// The document formats the type accepts.
    public var formats: [DocumentFormat] {
        switch self {
        case .payments, .paymentsHistory: [.csv, .xml, .json, .jsonLines]
        default: [.csv, .json, .jsonLines]
        }
    }

    /// The field definitions: the one source the header matcher, the JSON and
    /// XML mapping, the validators, the store and `intake types` read.
    public var schema: RecordSchema {
        switch self {
        case .companyAccountAudits: CompanyAccountSchemas.audits
        case .companyAccountChecks: CompanyAccountSchemas.checks
        case .payments: PaymentSchemas.payments
        case .paymentsHistory: PaymentSchemas.history
        case .beneficiaries: BeneficiarySchema.schema
        }
    }

    /// Every permission there is (what `intake init` grants).
    public static var allPermissions: [String] { allCases.map(\.permission) }
}

/// A document format, from the file's extension.
public enum DocumentFormat: String, Codable, Sendable {
    case csv
    case json
    case jsonLines = "jsonl"
    case xml

    /// The format for a file extension (any case), or nil.
    public init?(extension ext: String) {
        switch ext.lowercased() {
        case "csv", "tsv", "txt": self = .csv
        case "json": self = .json
        case "jsonl", "ndjson": self = .jsonLines
        case "xml": self = .xml
        default: return nil
        }
    }
}
