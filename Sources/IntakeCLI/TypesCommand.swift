import IntakeCore
import IntakeEngine
import IntakeSystem

/// `intake types [TYPE] [--json] [--markdown]`: every import type (or one)
/// with its formats, permission and fields, printed from the same definitions
/// the validators use; `intake types TYPE --template [--format csv|json]`
/// prints a CSV header line of its columns, or a JSON record skeleton;
/// `intake types beneficiaries --corridor INDIVIDUAL/US/USD` prints that
/// corridor's JSON Schema (draft 2020-12, ``CorridorSchema``).
enum TypesCommand {
    static let usage = "usage: intake types [TYPE] [--json | --markdown] | intake types TYPE --template [--format csv|json]"
        + " | intake types beneficiaries --corridor ENTITY_TYPE/COUNTRY/CURRENCY"

    static func run(_ arguments: [String], console: Console) throws -> ExitCode {
        let args = try Arguments(arguments, valued: ["format", "corridor"], flags: ["json", "markdown", "template"])
        guard args.positionals.count <= 1 else { throw CommandError(.usage, usage) }
        let types = try args.positionals.first.map { [try IntakeCommand.importType($0)] } ?? ImportType.allCases
        if let corridor = args.value("corridor") {
            guard types == [.beneficiaries] else { throw CommandError(.usage, "--corridor goes with the type beneficiaries: " + usage) }
            switch CorridorSchema.parse(corridor) {
            case .success(let schema): console.write(schema.json)
            case .failure(let error): throw CommandError(.usage, error.message + "; corridors: intake types beneficiaries")
            }
            return .ok
        }
        if args.flag("template") {
            guard let type = types.first, types.count == 1 else { throw CommandError(.usage, "--template needs a type: " + usage) }
            switch args.value("format") ?? "csv" {
            case "csv": console.print(TypeTemplate.csvHeader(type))
            case "json": console.write(TypeTemplate.jsonSkeleton(type))
            case let other: throw CommandError(.usage, "--format takes csv or json, not \"\(other)\"")
            }
            return .ok
        }
        guard args.value("format") == nil else { throw CommandError(.usage, "--format goes with --template: " + usage) }
        if args.flag("json") {
            console.write("[" + types.map(json).joined(separator: ",\n ") + "]\n")
        } else if args.flag("markdown") {
            console.write(markdown())
        } else {
            for type in types {
                let schema = type.schema
                console.print("\(type.name)  (\(type.apiType), permission \(type.permission), record id \(schema.fields[schema.idField].name))")
                console.print("  formats: \(formats(type))")
                for field in schema.fields {
                    let name = field.name + (field.required ? " *" : field.requirement == .optional ? "" : " +")
                    console.print("  " + IntakeCommand.pad(name, 32) + IntakeCommand.pad(field.kind.rawValue, 16) + field.rule)
                }
                for note in schema.notes { console.print("  - " + note) }
                if type == .beneficiaries {
                    console.print("  corridors (intake types beneficiaries --corridor ENTITY_TYPE/COUNTRY/CURRENCY prints one's JSON Schema):")
                    for line in CorridorSchema.listing { console.print("    " + line) }
                }
            }
            console.print("* required   + required depending on other fields (see the rule)")
            if types.count == 1, let type = types.first {
                console.print("template: intake types \(type.name) --template [--format csv|json]")
            }
            console.print("")
            for line in settingsLines { console.print(line) }
        }
        return .ok
    }

    /// The per-workspace reading settings (`workspaces.ID.types.TYPE` in intake.json).
    static var settingsLines: [String] {
        [
            "Per-workspace settings (intake.json, workspaces.ID.types.TYPE):",
            "  encoding             " + TextEncoding.allCases.map(\.rawValue).joined(separator: ", ")
                + " (a BOM, an XML declaration or UTF-8 text wins; see docs/formats.md)",
            "  decimal_comma        true: amounts are written 1234,56",
            "  thousands_separator  \" \" (also no-break and narrow no-break spaces), \".\", \",\", \"'\"; never the decimal separator",
            "  date_format          " + DateFormat.allCases.map(\.rawValue).joined(separator: ", ")
                + " (default YYYY-MM-DD; ISO dates are read in every format)",
            "  column_aliases       {\"Document name\": \"field\"}",
            "  all_or_nothing       true: any failed row fails the whole document",
            "Values are stored in one form: ISO dates, amounts in integer minor units.",
        ]
    }

    /// The corridor table of `docs/import-types.md`, from ``BankCorridor/all``.
    static var corridorMarkdown: String {
        var out = "\n### Corridors\n\nRules on `bank_details` by bank country (`account_country`) and currency (`account_currency`);"
        out += " a value may be printed with spaces, `-` or `.` and is stored compact."
        out += " `intake types beneficiaries --corridor INDIVIDUAL/US/USD` prints a corridor's JSON Schema (draft 2020-12).\n"
        out += "\n| corridor | field | alias | rule | error codes |\n|---|---|---|---|---|\n"
        out += "| any IBAN country | `account_number` | | an IBAN of that country (as `iban`) | `iban_*`, `iban_country_mismatch` |\n"
        for corridor in BankCorridor.all {
            if corridor.ibanAlternative {
                out += "| \(corridor.name) | `account_number` | | an IBAN, or the two fields below | `iban_*` |\n"
            }
            for rule in corridor.rules {
                var codes = [rule.formatCode]
                switch rule.check {
                case .abaRoutingNumber: codes += ["routing_number_prefix", "routing_number_checksum"]
                case .clabe: codes.append("clabe_checksum")
                case .none: break
                }
                out += "| \(corridor.name) | `\(rule.field)` | \(rule.aliases.map { "`\($0)`" }.joined(separator: ", ")) | \(rule.says) | "
                    + codes.map { "`\($0)`" }.joined(separator: ", ") + " |\n"
            }
        }
        out += "| any other country | `account_number` | | 4 to 34 capital letters and digits | `account_number_format` |\n"
        return out
    }

    /// The formats of a type.
    static func formats(_ type: ImportType) -> String {
        type.formats.map(\.rawValue).joined(separator: ", ")
    }

    static func json(_ type: ImportType) -> String {
        let schema = type.schema
        let fields = schema.fields.map { field -> JSONValue in
            var condition: JSONValue = .absent
            if case .when(let when) = field.requirement { condition = .string(when) }
            return .object([
                ("name", .string(field.name)), ("type", .string(field.kind.rawValue)), ("required", .bool(field.required)),
                ("required_when", condition), ("max_length", field.maxLength.map(JSONValue.int) ?? .absent),
                ("rule", .string(field.rule)),
            ])
        }
        return JSONWriter.text(.object([
            ("name", .string(type.name)), ("api_type", .string(type.apiType)),
            ("formats", .strings(type.formats.map(\.rawValue))), ("permission", .string(type.permission)),
            ("record_id", .string(schema.fields[schema.idField].name)), ("fields", .array(fields)),
            ("rules", .strings(schema.notes)),
            ("corridors", type == .beneficiaries ? .strings(CorridorSchema.listing) : .absent),
        ]))
    }

    /// `docs/import-types.md`, generated: `intake types --markdown > docs/import-types.md`.
    static func markdown() -> String {
        var out = "# Import types\n\nGenerated by `intake types --markdown` from the definitions the validators use; do not edit by hand.\n"
        out += "\nNested fields are dotted: a CSV header `bank_details.bank_name`, a JSON key `bank_name` inside `bank_details`.\n"
        for type in ImportType.allCases {
            let schema = type.schema
            out += "\n## \(type.name)\n\nAPI type `\(type.apiType)`, permission `\(type.permission)`, formats: \(formats(type)).\n"
            out += "\n| field | type | required | rule |\n|---|---|---|---|\n"
            for field in schema.fields {
                let id = schema.idField == schema.index(of: field.name) ? " (record id)" : ""
                let required = switch field.requirement {
                case .required: "yes"
                case .optional: "no"
                case .when: "depends"
                }
                out += "| `\(field.name)`\(id) | \(field.kind.rawValue) | \(required) | \(field.rule) |\n"
            }
            if !schema.notes.isEmpty {
                out += "\n" + schema.notes.map { "- " + $0 }.joined(separator: "\n") + "\n"
            }
            if type == .beneficiaries { out += corridorMarkdown }
        }
        return out
    }
}
