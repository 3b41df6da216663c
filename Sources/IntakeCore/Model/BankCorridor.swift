/// The rules on a beneficiary's `bank_details` in one Papaya corridor (bank
/// country and currency), spec section 2's table: the one source the
/// validator (``SchemaValidator/checkCorridor(_:_:into:issues:)``), `intake
/// types` and the corridor's JSON Schema (``CorridorSchema``) read.
public struct BankCorridor: Sendable {
    /// The bank's country (`bank_details.account_country`), ISO 3166-1 alpha-2.
    public let country: String
    /// The account's currency (`bank_details.account_currency`), ISO 4217.
    public let currency: String
    /// The bank details' fields the corridor checks, each required.
    public let rules: [BankFieldRule]
    /// Whether an IBAN as `account_number` may stand instead of ``rules`` (GB/GBP).
    public let ibanAlternative: Bool

    /// The corridor of a bank country and currency, nil when the table has none.
    public static func find(country: some Collection<UInt8>, currency: some Collection<UInt8>) -> BankCorridor? {
        all.first { $0.country.utf8.elementsEqual(country) && $0.currency.utf8.elementsEqual(currency) }
    }

    /// The table, in the spec's order.
    public static let all: [BankCorridor] = [
        BankCorridor(country: "US", currency: "USD", rules: [
            BankFieldRule("bank_code", .digits(9...9), check: .abaRoutingNumber, aliases: ["routing_number"],
                          says: "ABA routing number: 9 digits, weights 3-7-1 checksum, first two digits 00–12, 21–32, 61–72 or 80"),
            BankFieldRule("account_number", .digits(4...17), says: "4 to 17 digits"),
        ], ibanAlternative: false),
        BankCorridor(country: "CA", currency: "CAD", rules: [
            BankFieldRule("bank_code", .canadianRouting,
                          says: "institution (3 digits) and transit (5 digits): electronic form 0IIITTTTT or cheque form TTTTT-III, stored as 0IIITTTTT"),
            BankFieldRule("account_number", .digits(7...12), says: "7 to 12 digits"),
        ], ibanAlternative: false),
        BankCorridor(country: "GB", currency: "GBP", rules: [
            BankFieldRule("bank_code", .digits(6...6), aliases: ["sort_code"], says: "sort code: 6 digits (12-34-56)"),
            BankFieldRule("account_number", .digits(8...8), says: "8 digits"),
        ], ibanAlternative: true),
        BankCorridor(country: "AU", currency: "AUD", rules: [
            BankFieldRule("bank_code", .digits(6...6), aliases: ["bsb"], says: "BSB: 6 digits (062-000)"),
            BankFieldRule("account_number", .digits(5...9), says: "5 to 9 digits"),
        ], ibanAlternative: false),
        BankCorridor(country: "IN", currency: "INR", rules: [
            BankFieldRule("bank_code", .ifsc, aliases: ["ifsc"], says: "IFSC: 4 letters, 0, then 6 letters or digits"),
            BankFieldRule("account_number", .digits(9...18), says: "9 to 18 digits"),
        ], ibanAlternative: false),
        BankCorridor(country: "MX", currency: "MXN", rules: [
            BankFieldRule("account_number", .digits(18...18), check: .clabe, aliases: ["clabe"],
                          says: "CLABE: 18 digits, weights 3-7-1 check digit (the bank code is not looked up)"),
        ], ibanAlternative: false),
        BankCorridor(country: "JP", currency: "JPY", rules: [
            BankFieldRule("bank_code", .digits(4...4), says: "4 digits"),
            BankFieldRule("branch_code", .digits(3...3), says: "3 digits"),
            BankFieldRule("account_number", .digits(7...7), says: "7 digits"),
        ], ibanAlternative: false),
        BankCorridor(country: "ZA", currency: "ZAR", rules: [
            BankFieldRule("bank_code", .digits(6...6), aliases: ["branch_code"],
                          says: "branch code: 6 digits (branch_code is read when bank_code is absent)"),
            BankFieldRule("account_number", .digits(7...11), says: "7 to 11 digits"),
        ], ibanAlternative: false),
    ]

    /// `US/USD`.
    public var name: String { country + "/" + currency }

    /// The corridor in words (`US/USD: bank_code (alias routing_number) ABA routing number: …`).
    public var rule: String {
        name + ": " + (ibanAlternative ? "an IBAN as account_number, or " : "")
            + rules.map { rule in
                rule.field + (rule.aliases.isEmpty ? "" : " (alias " + rule.aliases.joined(separator: ", ") + ")") + " " + rule.says
            }.joined(separator: "; ")
    }

    /// What the type's notes say of corridors (the table itself is listed apart).
    package static let notes = [
        "bank_details is checked per corridor, its bank country and currency (a value may be printed with spaces, `-` or `.`, and is stored compact); a failure is a row error naming the property: bank_code_format, branch_code_format, account_number_format, routing_number_prefix, routing_number_checksum, clabe_checksum, or `required` for a missing corridor field. `intake types beneficiaries --corridor ENTITY_TYPE/COUNTRY/CURRENCY` prints a corridor's JSON Schema (draft 2020-12).",
    ]
}

/// One field of `bank_details` in a corridor: its shape and its check digit.
public struct BankFieldRule: Sendable {
    /// The field inside `bank_details` (`bank_code`).
    public let field: String
    /// The characters and lengths it has, compact.
    public let shape: BankValueShape
    /// The check it must pass beyond its shape.
    public let check: BankCheck
    /// Other names documents give it inside `bank_details` (`routing_number`).
    public let aliases: [String]
    /// The rule in words.
    public let says: String

    package init(_ field: String, _ shape: BankValueShape, check: BankCheck = .none, aliases: [String] = [], says: String) {
        self.field = field
        self.shape = shape
        self.check = check
        self.aliases = aliases
        self.says = says
    }

    /// The stable code of a value of the wrong shape: `bank_code_format`.
    public var formatCode: String { field + "_format" }
}

/// The characters and lengths of a bank code or account number, compact.
public enum BankValueShape: Sendable {
    /// Digits only, so many of them.
    case digits(ClosedRange<Int>)
    /// An Indian IFSC: 4 letters, `0`, 6 letters or digits.
    case ifsc
    /// A Canadian routing number: `0IIITTTTT`, or `TTTTTIII` (cheque form, `TTTTT-III` printed).
    case canadianRouting

    /// The compact value's regular expression (JSON Schema `pattern`, ECMA-262).
    public var compactPattern: String {
        switch self {
        case .digits(let range):
            range.lowerBound == range.upperBound ? "[0-9]{\(range.lowerBound)}" : "[0-9]{\(range.lowerBound),\(range.upperBound)}"
        case .ifsc: "[A-Z]{4}0[A-Z0-9]{6}"
        case .canadianRouting: "0[0-9]{8}|[0-9]{8}"
        }
    }

    /// The pattern of the value as printed: the compact one with a space, `-`
    /// or `.` allowed between two characters (what the validator accepts).
    public var printedPattern: String {
        switch self {
        case .digits(let range):
            "^[0-9](?:[ .-]?[0-9]){\(range.lowerBound - 1)\(range.lowerBound == range.upperBound ? "" : ",\(range.upperBound - 1)")}$"
        case .ifsc: "^[A-Za-z](?:[ .-]?[A-Za-z]){3}[ .-]?0(?:[ .-]?[A-Za-z0-9]){6}$"
        case .canadianRouting: "^(?:0(?:[ .-]?[0-9]){8}|[0-9](?:[ .-]?[0-9]){7})$"
        }
    }

    /// The fewest and most characters the value has as printed (separators included).
    public var printedLengths: ClosedRange<Int> {
        switch self {
        case .digits(let range): range.lowerBound...(2 * range.upperBound - 1)
        case .ifsc: 11...21
        case .canadianRouting: 8...17
        }
    }
}

/// A check beyond a value's shape.
public enum BankCheck: Sendable {
    /// The shape is all.
    case none
    /// ABA routing number: 3-7-1 checksum and a Federal Reserve prefix (``ABARoutingNumber``).
    case abaRoutingNumber
    /// Mexican CLABE: its 18th digit is the 3-7-1 check digit of the first 17 (``CLABE``).
    case clabe
}
