/// A beneficiary corridor's JSON Schema (draft 2020-12): what `intake types
/// beneficiaries --corridor ENTITY_TYPE/COUNTRY/CURRENCY` prints, the file-drop
/// twin of Papaya's `GET /payments/beneficiaries/schema/{entity_type}/{country}/{currency}`.
/// Generated from the beneficiary schema's fields and ``BankCorridor``'s table,
/// the ones the validator reads. Patterns accept values as the validator does
/// (printed with spaces, `-` or `.`); check digits (ABA, CLABE, IBAN mod-97)
/// are beyond JSON Schema and named in the descriptions. Properties beyond the
/// fields are allowed: Intake keeps them (`extra`).
public struct CorridorSchema: Sendable {
    /// `INDIVIDUAL` or `BUSINESS`.
    public let entityType: String
    /// The bank's country, ISO 3166-1 alpha-2.
    public let country: String
    /// The account's currency, ISO 4217.
    public let currency: String

    /// The corridor named `INDIVIDUAL/US/USD` (any case), or why not.
    public static func parse(_ text: String) -> Result<CorridorSchema, CorridorSchemaError> {
        let parts = text.uppercased().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { return .failure(CorridorSchemaError("a corridor is ENTITY_TYPE/COUNTRY/CURRENCY (INDIVIDUAL/US/USD), not \"\(text)\"")) }
        guard ["INDIVIDUAL", "BUSINESS"].contains(parts[0]) else {
            return .failure(CorridorSchemaError("the entity type is INDIVIDUAL or BUSINESS, not \"\(parts[0])\""))
        }
        guard parts[1].utf8.count == 2, ASCIIScan.withUTF8(parts[1], { Country.isAlpha2($0) }) else {
            return .failure(CorridorSchemaError("\"\(parts[1])\" is not an ISO 3166-1 alpha-2 country code"))
        }
        guard Currency.minorUnits(parts[2]) != nil else {
            return .failure(CorridorSchemaError("\"\(parts[2])\" is not an active ISO 4217 currency code"))
        }
        return .success(CorridorSchema(entityType: parts[0], country: parts[1], currency: parts[2]))
    }

    /// The corridors to list: the table's, and what any other country gets.
    public static var listing: [String] {
        ["any IBAN country (FR/EUR, DE/EUR, …): account_number an IBAN of that country (or of the one whose IBAN it takes)"]
            + BankCorridor.all.map(\.rule)
            + ["any other country: account_number 4 to 34 capital letters and digits"]
    }

    /// The schema as pretty-printed JSON.
    public var json: String { JSONWriter.pretty(document, layout: .document) }

    private var document: JSONValue {
        let schema = BeneficiarySchema.schema
        let corridor = BankCorridor.find(country: country.utf8, currency: currency.utf8)
        func properties(of object: String) -> [(String, JSONValue)] {
            schema.fields.filter { $0.name.hasPrefix(object + ".") }.map { field in
                (field.leafName, property(field))
            }
        }
        var bank = properties(of: "bank_details")
        var bankRequired = ["account_number", "account_country", "account_currency", "account_name", "bank_name"]
        var anyOf: [JSONValue] = []
        if let corridor {
            let ruled = corridor.rules.map { ($0.field, JSONValue.object(rulePropertyMembers($0))) }
            if corridor.ibanAlternative {
                bank.removeAll { member in corridor.rules.contains { $0.field == member.0 } }
                anyOf = [
                    .object([("required", .strings(["account_number"])),
                             ("properties", .object([("account_number", iban(corridor.country))]))]),
                    .object([("required", .strings(corridor.rules.map(\.field))), ("properties", .object(ruled))]),
                ]
            } else {
                for (name, node) in ruled { bank = bank.map { $0.0 == name ? (name, node) : $0 } }
                bankRequired += corridor.rules.map(\.field).filter { !bankRequired.contains($0) }
            }
        } else if IBAN.prefix(country: country) != nil {
            bank = bank.map { $0.0 == "account_number" ? ($0.0, iban(country)) : $0 }
        } else {
            bank = bank.map {
                $0.0 == "account_number"
                    ? ($0.0, .object([("type", .string("string")), ("pattern", .string("^[A-Z0-9]{4,34}$")),
                                      ("description", .string("no corridor rules: 4 to 34 capital letters and digits"))]))
                    : $0
            }
        }
        bank = bank.map { member in
            switch member.0 {
            case "account_country": (member.0, .object([("const", .string(country))]))
            case "account_currency": (member.0, .object([("const", .string(currency))]))
            default: member
            }
        }
        var bankMembers: [(String, JSONValue)] = [("type", .string("object")), ("required", .strings(bankRequired)),
                                                 ("properties", .object(bank))]
        if !anyOf.isEmpty { bankMembers.append(("anyOf", .array(anyOf))) }
        let entityRequired = entityType == "INDIVIDUAL" ? ["individual_first_name", "individual_last_name"] : ["company_name"]
        var top: [(String, JSONValue)] = schema.fields.filter { !$0.name.contains(".") && $0.kind != .extra }.map { ($0.name, property($0)) }
        top = top.map { $0.0 == "entity_type" ? ($0.0, .object([("const", .string(entityType))])) : $0 }
        top.append(("bank_details", .object(bankMembers)))
        top.append(("entity", .object([("type", .string("object")), ("required", .strings(entityRequired)),
                                       ("properties", .object(properties(of: "entity")))])))
        return .object([
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string("https://intake.local/schemas/beneficiaries/\(entityType)/\(country)/\(currency)")),
            ("title", .string("Papaya beneficiary, corridor \(entityType)/\(country)/\(currency)")),
            ("description", .string("One item of a Papaya Bulk Import Beneficiary request (papaya/beneficiaries_import). Properties beyond these are kept in extra. Check digits (ABA routing number, CLABE, IBAN mod-97) are checked by Intake, not by this schema.")),
            ("type", .string("object")),
            ("required", .strings(["id", "entity_type", "bank_details", "entity"])),
            ("properties", .object(top)),
        ])
    }

    /// A field's property schema from its kind.
    private func property(_ field: FieldDefinition) -> JSONValue {
        var members: [(String, JSONValue)] = [("type", .string("string"))]
        switch field.kind {
        case .name: members += [("minLength", .int(1)), ("pattern", .string("\\S"))]
        case .country: members.append(("pattern", .string("^[A-Z]{2}$")))
        case .currency: members.append(("pattern", .string("^[A-Z]{3}$")))
        case .birthdate: members.append(("pattern", .string("^(?:[0-9]{2}/[0-9]{2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2})$")))
        case .entityType: members = [("enum", .strings(["INDIVIDUAL", "BUSINESS"]))]
        default: break
        }
        if let maxLength = field.maxLength { members.append(("maxLength", .int(maxLength))) }
        return .object(members)
    }

    private func rulePropertyMembers(_ rule: BankFieldRule) -> [(String, JSONValue)] {
        [("type", .string("string")), ("pattern", .string(rule.shape.printedPattern)),
         ("minLength", .int(rule.shape.printedLengths.lowerBound)), ("maxLength", .int(rule.shape.printedLengths.upperBound)),
         ("description", .string(rule.says + (rule.aliases.isEmpty ? "" : "; also read as " + rule.aliases.joined(separator: ", "))))]
    }

    /// An IBAN of `country` (or of the country whose IBAN it takes), printed or electronic.
    private func iban(_ country: String) -> JSONValue {
        let prefix = IBAN.prefix(country: country) ?? country
        let length = IBAN.length(country: prefix) ?? 34
        return .object([
            ("type", .string("string")),
            ("pattern", .string("^\(prefix)[0-9]{2}(?:[ ]?[A-Za-z0-9]){\(length - 4)}$")),
            ("description", .string("an IBAN of \(prefix) (\(length) characters, mod-97 check digits), printed with spaces or electronic")),
        ])
    }
}

/// Why a corridor name was refused.
public struct CorridorSchemaError: Error, Sendable {
    /// What is wrong with the name, for a person.
    public let message: String
    package init(_ message: String) { self.message = message }
}
