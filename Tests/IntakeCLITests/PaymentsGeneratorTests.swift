import Foundation
import IntakeFixtures
import Testing
import IntakeTestSupport

/// Re-parses generated files independently and checks the defect bookkeeping.
@Suite("PaymentsGenerator")
struct PaymentsGeneratorTests {
    typealias Defect = PaymentsGenerator.Defect

    static let header = "payment_id,amount,currency,due_date,beneficiary_name,beneficiary_iban,beneficiary_bic,beneficiary_country,reference"
    static let ibanLengths = ["FR": 27, "DE": 22, "ES": 24, "IT": 27, "NL": 18, "BE": 16, "GB": 22, "CH": 21]
    static let badDates: Set = ["2026-02-30", "2026-02-29", "2026-04-31", "2026-13-01"]
    static let badCurrencies: Set = ["EUX", "UDS", "GPB", "ZZZ"]

    // MARK: - A tiny independent CSV reader

    /// Splits RFC 4180 text into records of fields; accepts LF or CRLF.
    static func parseCSV(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if inQuotes {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append(c); chars.removeFirst() } else { inQuotes = false }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                inQuotes = true
            } else if c == "," {
                record.append(field); field = ""
            } else if c == "\n" || c == "\r" {
                if c == "\r" && chars.first == "\n" { chars.removeFirst() }
                record.append(field); field = ""
                records.append(record); record = []
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }

    // MARK: - Independent field checks

    static func ibanIsValid(_ iban: String) -> Bool {
        let chars = Array(iban)
        guard chars.count >= 5, let length = ibanLengths[String(chars[0..<2])], chars.count == length else { return false }
        var remainder = 0
        for c in chars[4...] + chars[0..<4] {
            guard let value = c.isLetter ? (c.asciiValue.map { Int($0) - 55 }) : c.wholeNumberValue else { return false }
            remainder = (remainder * (value >= 10 ? 100 : 10) + value) % 97
        }
        return remainder == 1
    }

    static func dateIsReal2026(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0] == "2026", parts[1].count == 2, parts[2].count == 2,
            let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month) else { return false }
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...lengths[month - 1]).contains(day)
    }

    static func amountIsValid(_ text: String, currency: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        if currency == "JPY" { return parts.count == 1 && (Int(whole) ?? 0) > 0 }
        guard parts.count == 2, parts[1].count == 2, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return (Int(whole) ?? 0) > 0 || Int(parts[1]) ?? 0 > 0
    }

    /// Every defect this row shows, found without trusting the generator.
    /// `earlierValidIDs` holds the ids of the valid rows before this one.
    static func defects(in fields: [String], index: Int, earlierValidIDs: Set<String>) -> [Defect] {
        let (id, amount, currency, date, name, iban, bic, country) =
            (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6], fields[7])
        var found: [Defect] = []
        let ibanCountry = String(iban.prefix(2))
        #expect(country == ibanCountry, "row \(index): country \(country) vs IBAN \(iban)")
        #expect(ibanLengths[ibanCountry] == iban.count, "row \(index): IBAN length \(iban)")
        if !ibanIsValid(iban) {
            let check = Int(iban.dropFirst(2).prefix(2)) ?? -1
            #expect((2...98).contains(check), "row \(index): check digits of \(iban)")
            found.append(.ibanCheck)
        }
        if !["EUR", "USD", "GBP", "CHF", "JPY"].contains(currency) {
            #expect(badCurrencies.contains(currency), "row \(index): currency \(currency)")
            found.append(.currency)
        }
        if !dateIsReal2026(date) {
            #expect(badDates.contains(date), "row \(index): date \(date)")
            found.append(.date)
        }
        if !amountIsValid(amount, currency: currency) {
            let isZero = amount == (currency == "JPY" ? "0" : "0.00")
            let isNegative = amount.hasPrefix("-") && amountIsValid(String(amount.dropFirst()), currency: currency)
            #expect(isZero || isNegative, "row \(index): amount \(amount) \(currency)")
            found.append(.amount)
        }
        if name.isEmpty { found.append(.name) }
        let bicChars = Array(bic)
        #expect(bicChars.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }, "row \(index): BIC \(bic)")
        if bicChars.count >= 6 { #expect(String(bicChars[4..<6]) == country, "row \(index): BIC \(bic) country") }
        if bicChars.count != 8 && bicChars.count != 11 {
            #expect([7, 9, 10].contains(bicChars.count), "row \(index): BIC \(bic)")
            found.append(.bicLength)
        }
        if id != String(format: "PAY-%09d", index) {
            #expect(earlierValidIDs.contains(id), "row \(index): id \(id) is not an earlier valid row's id")
            found.append(.duplicateID)
        }
        return found
    }

    /// Parses `bytes` and checks every row against `invalidRows`.
    static func verify(_ bytes: [UInt8], rows: Int, invalidRows: [Int: Defect]) {
        let records = parseCSV(String(decoding: bytes, as: UTF8.self))
        #expect(records.count == rows + 1)
        #expect(records.first?.joined(separator: ",") == header)
        var earlierValidIDs = Set<String>()
        for (index, fields) in records.dropFirst().enumerated() {
            guard fields.count == 9 else {
                Issue.record("row \(index) has \(fields.count) fields")
                continue
            }
            let found = defects(in: fields, index: index, earlierValidIDs: earlierValidIDs)
            let expected = invalidRows[index].map { [$0] } ?? []
            #expect(found == expected, "row \(index): found \(found), reported \(expected): \(fields)")
            if expected.isEmpty { earlierValidIDs.insert(fields[0]) }
        }
    }

    // MARK: - Tests

    @Test("same arguments give the same bytes; another seed gives other bytes")
    func determinism() {
        let a = PaymentsGenerator(rows: 3_000, seed: 42).generateInMemory()
        let b = PaymentsGenerator(rows: 3_000, seed: 42).generateInMemory()
        let c = PaymentsGenerator(rows: 3_000, seed: 43).generateInMemory()
        #expect(a.bytes == b.bytes)
        #expect(a.counts == b.counts && a.invalidRows == b.invalidRows)
        #expect(a.bytes != c.bytes)
    }

    @Test(
        "invalid rows: floor(rows * rate), at the documented positions, counts add up",
        arguments: [(0, 2, 100), (1, 2, 100), (7, 1, 1), (1_000, 2, 100), (999, 1, 3), (5_000, 0, 1), (2_000, 999, 1000)])
    func invalidCounts(rows: Int, numerator: Int, denominator: Int) {
        let result = PaymentsGenerator(rows: rows, seed: 7, errorRate: (numerator, denominator)).generateInMemory()
        #expect(Set(result.counts.keys) == Set(Defect.allCases))
        let total = result.counts.values.reduce(0, +)
        #expect(total == rows * numerator / denominator)
        #expect(result.invalidRows.count == total)
        for kind in Defect.allCases {
            #expect(result.invalidRows.values.filter { $0 == kind }.count == result.counts[kind])
        }
        for i in 0..<rows {
            let invalid = (i + 1) * numerator / denominator > i * numerator / denominator
            #expect((result.invalidRows[i] != nil) == invalid, "row \(i)")
        }
    }

    @Test("every defect kind appears, in rotation order")
    func everyDefectAppears() {
        let result = PaymentsGenerator(rows: 10_000, seed: 1).generateInMemory()
        for kind in Defect.allCases { #expect((result.counts[kind] ?? 0) > 0, "\(kind)") }
        let kinds = result.invalidRows.sorted { $0.key < $1.key }.map(\.value)
        #expect(Array(kinds.prefix(7)) == Defect.allCases)
        #expect(Defect.allCases.map(\.rawValue)
            == ["iban_check", "currency", "date", "amount", "name", "bic_length", "duplicate_id"])
    }

    @Test("re-parsed rows: valid rows are valid, invalid rows have exactly the reported defect",
          arguments: [(UInt64(1), 20_000, 2, 100), (UInt64(99), 3_000, 1, 4), (UInt64(5), 700, 1, 1)])
    func reparse(seed: UInt64, rows: Int, numerator: Int, denominator: Int) {
        let result = PaymentsGenerator(rows: rows, seed: seed, errorRate: (numerator, denominator)).generateInMemory()
        Self.verify(result.bytes, rows: rows, invalidRows: result.invalidRows)
    }

    @Test("quoting, accents, empty references and commas are exercised")
    func variety() {
        let result = PaymentsGenerator(rows: 5_000, seed: 3, errorRate: (0, 1)).generateInMemory()
        let records = Self.parseCSV(String(decoding: result.bytes, as: UTF8.self)).dropFirst()
        #expect(records.contains { $0[4].contains("\"") })
        #expect(records.contains { $0[4].contains(",") })
        #expect(records.contains { $0[4].unicodeScalars.contains { !$0.isASCII } })
        #expect(records.contains { $0[8].isEmpty })
        #expect(records.contains { $0[8].contains(",") })
        #expect(records.contains { $0[2] == "JPY" && !$0[1].contains(".") })
        #expect(Set(records.map { $0[7] }) == Set(Self.ibanLengths.keys))
        #expect(Set(records.map { $0[6].count }) == [8, 11])
        #expect(result.bytes.contains(0x22) && result.bytes.firstRange(of: [0x22, 0x22]) != nil)
    }

    @Test("rate 1 has no earlier valid row: duplicate_id falls back to iban_check")
    func duplicateFallback() {
        let result = PaymentsGenerator(rows: 70, seed: 2, errorRate: (1, 1)).generateInMemory()
        #expect(result.counts[.duplicateID] == 0)
        #expect(result.counts[.ibanCheck] == 20)
        Self.verify(result.bytes, rows: 70, invalidRows: result.invalidRows)
    }

    @Test("CRLF and BOM options change only line endings and the first bytes")
    func crlfAndBOM() {
        let plain = PaymentsGenerator(rows: 2_000, seed: 9).generateInMemory()
        let crlf = PaymentsGenerator(rows: 2_000, seed: 9, lineEnding: .crlf).generateInMemory()
        let bom = PaymentsGenerator(rows: 2_000, seed: 9, bom: true).generateInMemory()
        let both = PaymentsGenerator(rows: 2_000, seed: 9, lineEnding: .crlf, bom: true).generateInMemory()
        #expect(Array(bom.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(Array(bom.bytes.dropFirst(3)) == plain.bytes)
        #expect(plain.bytes.first == UInt8(ascii: "p"))
        #expect(crlf.bytes.filter { $0 == 10 }.count == 2_001)
        #expect(crlf.bytes.filter { $0 == 13 }.count == 2_001)
        var lf: [UInt8] = []
        for (i, byte) in crlf.bytes.enumerated() where byte != 13 {
            if byte == 10 { #expect(crlf.bytes[i - 1] == 13) }
            lf.append(byte)
        }
        #expect(lf == plain.bytes)
        #expect(Array(both.bytes.dropFirst(3)) == crlf.bytes)
        #expect(crlf.invalidRows == plain.invalidRows && both.counts == plain.counts)
        Self.verify(crlf.bytes, rows: 2_000, invalidRows: crlf.invalidRows)
    }

    @Test("streaming chunks and write(toFile:) give the in-memory bytes")
    func streamingAndFile() throws {
        let generator = PaymentsGenerator(rows: 4_000, seed: 11, lineEnding: .crlf, bom: true)
        let memory = generator.generateInMemory()
        var streamed: [UInt8] = []
        var chunkSizes: [Int] = []
        let counts = generator.generate { chunk in
            chunkSizes.append(chunk.count)
            streamed.append(contentsOf: chunk)
        }
        #expect(streamed == memory.bytes && counts == memory.counts)
        #expect(chunkSizes.count > 1 && chunkSizes.dropLast().allSatisfy { $0 >= 65_536 && $0 < 70_000 })

        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("payments-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try generator.write(toFile: path) == memory.counts)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect([UInt8](data) == memory.bytes)
        #expect(throws: GeneratorError.self) { try generator.write(toFile: "/nonexistent-dir/x.csv") }
    }

    @Test("zero rows is just the header")
    func zeroRows() {
        let result = PaymentsGenerator(rows: 0, seed: 1).generateInMemory()
        #expect(String(decoding: result.bytes, as: UTF8.self) == Self.header + "\n")
        #expect(result.counts.values.allSatisfy { $0 == 0 } && result.invalidRows.isEmpty)
    }
}
