@testable import IntakeFormats
@testable import IntakeKit
import Testing
import IntakeTestSupport

/// Large and random documents: bounded memory over a lazily generated source, and
/// random documents that must read back the same whatever the chunking.
@Suite struct JSONReaderStreamingTests {
    typealias Kit = JSONTestKit

    /// A `ByteSource` that writes `[record,record,…]` as it is read, never holding the
    /// document: record `i` is `{"id":"rec-i","amount":i.25,…}`; record `big` carries a
    /// `padding` string of `bigSize` bytes.
    struct GeneratedArray: ByteSource {
        let count: Int
        var big = -1
        var bigSize = 0
        var next = 0
        var pending: [UInt8] = Array("[".utf8)
        var offset = 0
        var closed = false

        static func record(_ index: Int, padding: Int = 0) -> String {
            var text =
                "{\"id\":\"rec-\(index)\",\"amount\":\(index).25,\"bank_details\":"
                + "{\"iban\":\"FR76\\u0020\(index)\",\"bic\":null},\"tags\":[1,[2]],\"ok\":true"
            if padding > 0 {
                text += ",\"padding\":\"" + String(repeating: "p", count: padding) + "\""
            }
            return text + "}"
        }

        mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
            while offset == pending.count {
                if next == count {
                    if closed { return 0 }
                    pending = Array("]\n".utf8)
                    closed = true
                } else {
                    let separator = next == 0 ? "\n" : ",\n"
                    pending = Array(
                        (separator + Self.record(next, padding: next == big ? bigSize : 0)).utf8)
                    next += 1
                }
                offset = 0
            }
            let n = min(buffer.count, pending.count - offset)
            pending.withUnsafeBytes { bytes in
                if let base = bytes.baseAddress, let target = buffer.baseAddress {
                    target.copyMemory(from: base + offset, byteCount: n)
                }
            }
            offset += n
            return n
        }
    }

    @Test func twoHundredThousandRecordsInBoundedMemory() throws {
        var options = JSONReaderOptions()
        options.bufferSize = 64 << 10
        options.maxRecordBytes = 1 << 20
        let source = GeneratedArray(count: 200_000, big: 100_000, bigSize: 600_000)
        var observed: Int64 = 0
        let reader = JSONRecordReader(
            source: source, lines: false, options: options, observe: { observed += Int64($0.count) }
        )
        var count = 0
        var largest = 0
        var afterBig = 0
        while try reader.next() {
            #expect(reader.index == count)
            let id = Kit.string(reader.value(0))
            if id != "rec-\(count) ".dropLast() || reader.fieldCount != (count == 100_000 ? 7 : 6) {
                Testing.Issue.record("record \(count): \(Kit.fields(reader))")
                break
            }
            if count % 10_000 == 0 || count == 100_000 {
                #expect(
                    Kit.fields(reader).prefix(6) == [
                        Kit.field("id", "rec-\(count)"),
                        Kit.field("amount", "\(count).25", .number),
                        Kit.field("bank_details.iban", "FR76 \(count)"),
                        Kit.field("bank_details.bic", "", .null), Kit.field("tags", "", .array),
                        Kit.field("ok", "true", .boolean),
                    ])
                #expect(reader.path == "$[\(count)]")
                #expect(reader.line == count + 2)
                #expect(
                    Kit.string(reader.rawRecord)
                        == GeneratedArray.record(count, padding: count == 100_000 ? 600_000 : 0))
            }
            largest = max(largest, reader.bufferCapacity)
            if count > 100_000 { afterBig = max(afterBig, reader.bufferCapacity) }
            count += 1
        }
        #expect(count == 200_000)
        #expect(largest > 600_000, "the buffer grew for the big record")
        #expect(largest <= (1 << 20) + 2)
        #expect(afterBig <= 64 << 10, "and shrank back afterwards")
        #expect(observed == reader.bytesRead)
        #expect(reader.bytesRead > 20_000_000)
    }

    // MARK: random documents

    /// A random record as JSON text and the fields a correct reader reports for it.
    struct Generator {
        var rng: Kit.RNG
        static let pieces = [
            "a", "Z", "0", " ", "é", "€", "😀", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\u0041",
            "\\u00E9", "\\uD83D\\uDE00", "\\u0000", ".", "[", "{", ",", ":",
        ]
        static let decoded = [
            "a", "Z", "0", " ", "é", "€", "😀", "\"", "\\", "/", "\n", "\t", "A", "é", "😀",
            "\u{0}", ".", "[", "{", ",", ":",
        ]
        static let numbers = ["0", "-0", "12", "-3.5", "1e9", "2.50E-3", "98765432109876543210"]

        mutating func string() -> (json: String, text: String) {
            var json = "\"", text = ""
            for _ in 0..<Int.random(in: 0...5, using: &rng) {
                let pick = Int.random(in: 0..<Self.pieces.count, using: &rng)
                json += Self.pieces[pick]
                text += Self.decoded[pick]
            }
            return (json + "\"", text)
        }

        mutating func space() -> String {
            ["", "", " ", "\n", "\r\n", "\t "][Int.random(in: 0..<6, using: &rng)]
        }

        /// A value at dotted `key`, appending its fields.
        mutating func value(key: String, depth: Int, fields: inout [Kit.Field]) -> String {
            switch Int.random(in: 0..<(depth < 3 ? 8 : 6), using: &rng) {
            case 0, 1:
                let (json, text) = string()
                fields.append(Kit.field(key, text))
                return json
            case 2:
                let number = Self.numbers.randomElement(using: &rng) ?? "0"
                fields.append(Kit.field(key, number, .number))
                return number
            case 3:
                let word = ["true", "false"].randomElement(using: &rng) ?? "true"
                fields.append(Kit.field(key, word, .boolean))
                return word
            case 4:
                fields.append(Kit.field(key, "", .null))
                return "null"
            case 5:
                fields.append(Kit.field(key, "", .array))
                var ignored: [Kit.Field] = []
                let items = (0..<Int.random(in: 0...3, using: &rng)).map { _ in
                    space() + value(key: "x", depth: depth + 1, fields: &ignored) + space()
                }
                return "[" + items.joined(separator: ",") + "]"
            default:
                let members = object(prefix: key + ".", depth: depth + 1, fields: &fields)
                if members == 0 { fields.append(Kit.field(key, "", .object)) }
                return lastObject
            }
        }

        var lastObject = ""

        /// An object whose keys start with `prefix`; its text is left in `lastObject`.
        mutating func object(prefix: String, depth: Int, fields: inout [Kit.Field]) -> Int {
            var members: [String] = []
            for _ in 0..<Int.random(in: 0...4, using: &rng) {
                let (json, text) = string()
                let member = space() + json + space() + ":" + space()
                members.append(
                    member + value(key: prefix + text, depth: depth, fields: &fields) + space())
            }
            lastObject = "{" + members.joined(separator: ",") + "}"
            return members.count
        }
    }

    @Test(arguments: 0..<40)
    func randomDocumentsReadBackTheSame(seed: Int) throws {
        var generator = Generator(rng: Kit.RNG(seed: UInt64(seed)))
        var expected: [[Kit.Field]] = []
        var texts: [String] = []
        for _ in 0..<Int.random(in: 0...6, using: &generator.rng) {
            var fields: [Kit.Field] = []
            _ = generator.object(prefix: "", depth: 0, fields: &fields)
            expected.append(fields)
            texts.append(generator.lastObject)
        }
        let array =
            generator.space() + "[" + texts.map { generator.space() + $0 }.joined(separator: ",")
            + "]"
        let parsed = try Kit.parseAllChunks(array)
        #expect(parsed.records == expected)
        #expect(parsed.raw == texts)

        let body = "{\"x\":" + array + ",\"items\":" + array + ",\"update_payments\":true}"
        let papaya = try Kit.parseAllChunks(body)
        #expect(papaya.records == expected)

        // Whitespace line breaks become spaces (strings hold only escaped ones).
        let oneLine = texts.map {
            Kit.string(Kit.bytes($0).map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 })
        }
        let lines = oneLine.joined(separator: "\r\n")
        if !texts.isEmpty {
            let parsedLines = try Kit.parseAllChunks(lines, lines: true)
            #expect(parsedLines.records == expected)
            #expect(parsedLines.syntaxErrors.allSatisfy { $0 == nil })
        }
    }
}
