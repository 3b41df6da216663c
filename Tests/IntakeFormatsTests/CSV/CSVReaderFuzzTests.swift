import IntakeKit
import Testing
import IntakeTestSupport

/// Random documents written with proper quoting must read back exactly, whatever the
/// chunking and buffer size.
@Suite struct CSVReaderFuzzTests {
    typealias Kit = CSVTestKit

    /// One generated document and what a correct reader reports for it.
    struct Document {
        var bytes: [UInt8] = []
        var header: [String] = []
        var records: [[String]] = []
        var lines: [Int] = []
        var raw: [[UInt8]] = []
        var delimiter: UInt8 = 0
    }

    static let pieces = [
        "a", "b", "z", "0", "7", " ", ",", ";", "\"", "\n", "\r", "\r\n", "é", "€", "😀", "\u{0}",
        "\"\"", "x\"y",
    ]

    static func randomField(_ rng: inout Kit.RNG) -> String {
        let length = Int.random(in: 0...6, using: &rng)
        return (0..<length).map { _ in pieces.randomElement(using: &rng) ?? "a" }.joined()
    }

    /// Quotes a field when it must be quoted (and sometimes when it need not be).
    static func write(_ field: String, fieldsInRecord: Int, _ rng: inout Kit.RNG) -> String {
        let special = field.utf8.contains { [0x2C, 0x3B, 0x22, 0x0A, 0x0D].contains($0) }
        let mustQuote = special || (field.isEmpty && fieldsInRecord == 1)
        guard mustQuote || Int.random(in: 0..<5, using: &rng) == 0 else { return field }
        return "\"" + field.replacingQuotes() + "\""
    }

    static func lineBreaks(in text: String) -> Int {
        let bytes = Array(text.utf8)
        var count = 0
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A { count += 1 }
            if byte == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A) { count += 1 }
        }
        return count
    }

    static func randomDocument(_ rng: inout Kit.RNG) -> Document {
        var document = Document()
        let semicolon = Bool.random(using: &rng)
        document.delimiter = semicolon ? 0x3B : 0x2C
        let separator = semicolon ? ";" : ","
        let width = Int.random(in: semicolon ? 2...5 : 1...5, using: &rng)
        var header = (0..<width).map { _ in randomField(&rng) }
        if header.count == 1 && header[0].isEmpty { header[0] = "h" }
        let rows = Int.random(in: 0...6, using: &rng)
        var text = ""
        var line = 1
        for row in 0...rows {
            let fields = row == 0 ? header : (0..<Int.random(in: 1...5, using: &rng)).map { _ in
                randomField(&rng)
            }
            let last = row == rows
            let ending = last && Bool.random(using: &rng) ? "" : (Bool.random(using: &rng) ? "\n" : "\r\n")
            let record = fields.map { write($0, fieldsInRecord: fields.count, &rng) }
                .joined(separator: separator) + ending
            if row == 0 {
                document.header = fields
            } else {
                document.records.append(fields)
                document.lines.append(line)
                document.raw.append(Array(record.utf8))
            }
            text += record
            line += lineBreaks(in: record)
            if !last && Int.random(in: 0..<4, using: &rng) == 0 {
                let blank = Bool.random(using: &rng) ? "\n" : "\r\n"
                text += blank
                line += 1
            }
        }
        let bom = Int.random(in: 0..<4, using: &rng) == 0
        document.bytes = (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
        return document
    }

    @Test func randomDocumentsRoundTrip() throws {
        var rng = Kit.RNG(seed: 0x1A7A_4E11)
        for iteration in 0..<2_000 {
            let document = Self.randomDocument(&rng)
            let chunk = [1, 2, 3, 5, 7, 13, 64, Int.max].randomElement(using: &rng) ?? 1
            var options = CSVReaderOptions()
            options.bufferSize = [1, 4, 9, 32, 1 << 20].randomElement(using: &rng) ?? 1
            let parsed = try Kit.parse(document.bytes, chunk: chunk, options: options)
            let context = "document \(iteration), chunk \(chunk), buffer \(options.bufferSize)"
            #expect(parsed.header == document.header, "\(context)")
            #expect(parsed.records == document.records, "\(context)")
            #expect(parsed.lines == document.lines, "\(context)")
            #expect(parsed.raw == document.raw, "\(context)")
            #expect(parsed.delimiter == document.delimiter, "\(context)")
            #expect(parsed.malformed.allSatisfy { $0 == nil }, "\(context)")
            #expect(parsed.observed == document.bytes, "\(context)")
            if parsed.records != document.records { break }
        }
    }
}

extension String {
    fileprivate func replacingQuotes() -> String {
        var result = ""
        for character in unicodeScalars {
            result.unicodeScalars.append(character)
            if character == "\"" { result.unicodeScalars.append("\"") }
        }
        return result
    }
}
