/// The corridor rules on a beneficiary's bank details (``BankCorridor``).
extension SchemaValidator {
    /// Checks every field of `corridor`'s rules: present, of its shape once
    /// compact, passing its check; stores the compact form (a Canadian cheque
    /// form as `0IIITTTTT`). Each failure is a row error naming the property.
    package func checkCorridor(_ corridor: BankCorridor, _ row: some RowFields, into values: inout RecordValues, issues: inout [Issue]) {
        for rule in corridor.rules {
            let index = schema.field("bank_details." + rule.field)
            var given = row.value(index)
            if given == nil {
                // ZA: a branch code given as branch_code stands for bank_code.
                for alias in rule.aliases {
                    if let other = schema.index(of: "bank_details." + alias), let value = row.value(other) {
                        given = value
                        break
                    }
                }
            }
            guard let value = given else {
                require(index, row, issues: &issues)
                continue
            }
            let name = schema.fields[index].name
            values[index] = .null
            // As printed: spaces, no-break spaces and dots removed, `-` between groups too (`12-34-56`), upper case.
            let printed = scratch.electronicForm(of: value, dots: true, groups: true) ?? value
            guard let compact = rule.shape.normalized(Array(printed)) else {
                issues.append(Issue(rule.formatCode, field: name,
                                    description: "\(name) is not valid in \(corridor.name): \(rule.says)", bytes: value))
                continue
            }
            if let problem = problem(of: rule.check, compact) {
                issues.append(Issue(problem.code, field: name,
                                    description: "\(name) is not valid in \(corridor.name): \(problem.says)", bytes: value))
                continue
            }
            if let stored = scratch.store(compact) { values[index] = .text(stored) }
        }
    }

    /// The code and words of a failed check, nil when it holds.
    private func problem(of check: BankCheck, _ compact: [UInt8]) -> (code: String, says: String)? {
        switch check {
        case .none:
            return nil
        case .abaRoutingNumber:
            switch ABARoutingNumber.validate(compact) {
            case nil: return nil
            case .format: return ("bank_code_format", "an ABA routing number has 9 digits")
            case .prefix:
                return ("routing_number_prefix",
                        "an ABA routing number starts with 00–12, 21–32, 61–72 or 80 (Federal Reserve ranges)")
            case .checksum:
                return ("routing_number_checksum", "the ABA routing number's 3-7-1 checksum fails; check the digits")
            }
        case .clabe:
            switch CLABE.validate(compact) {
            case nil: return nil
            case .format: return ("account_number_format", "a CLABE has 18 digits")
            case .checksum: return ("clabe_checksum", "the CLABE's check digit (18th, weights 3-7-1) does not match; check the digits")
            }
        }
    }
}

extension BankValueShape {
    /// The value to store when the compact value has this shape, else nil.
    package func normalized(_ compact: [UInt8]) -> [UInt8]? {
        switch self {
        case .digits(let range):
            return range.contains(compact.count) && compact.allSatisfy(ASCIIScan.isDigit) ? compact : nil
        case .ifsc:
            guard compact.count == 11, compact[0..<4].allSatisfy(ASCIIScan.isUpper), compact[4] == UInt8(ascii: "0"),
                  compact[5...].allSatisfy(ASCIIScan.isUpperAlnum) else { return nil }
            return compact
        case .canadianRouting:
            guard compact.allSatisfy(ASCIIScan.isDigit) else { return nil }
            if compact.count == 9 && compact[0] == UInt8(ascii: "0") { return compact }
            guard compact.count == 8 else { return nil }
            return [UInt8(ascii: "0")] + compact[5..<8] + compact[0..<5]  // TTTTT-III → 0IIITTTTT
        }
    }
}
