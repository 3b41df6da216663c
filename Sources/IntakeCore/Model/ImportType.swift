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

/// A document format, from the file's extension. Each is read by one
/// handler in IntakeFormats (``DocumentHandlers/standard``), which also
/// declares it (`DocumentFormat.csv` is in `CSV/`).
public struct DocumentFormat: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    /// The format's name as recorded on the job (`csv`, `jsonl`).
    public let rawValue: String

    /// The format named `rawValue`; one that no handler reads is refused when a job is run.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The format's name (`csv`, `jsonl`).
    public var description: String { rawValue }
}
