import Foundation
import IntakeKit
import Testing

/// The one JSON writer: escaping, numbers, layouts and the streamed array.
@Suite struct JSONWriterTests {
    @Test func escapesEveryControlCharacter() throws {
        let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        let text = JSONWriter.quoted(controls)
        #expect(text.hasPrefix("\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\u0008\\t\\n\\u000b\\u000c\\r\\u000e"))
        #expect(text.hasSuffix("\\u001e\\u001f\""))
        // A JSON parser reads back the same string.
        let parsed = try JSONSerialization.jsonObject(with: Data(("[" + text + "]").utf8)) as? [String]
        #expect(parsed == [controls])
    }

    @Test func escapesQuoteAndBackslashOnly() {
        #expect(JSONWriter.quoted("a\"b\\c/d\u{7F}é") == "\"a\\\"b\\\\c/d\u{7F}é\"")
    }

    @Test func writesLineAndParagraphSeparatorsAsTheyAre() throws {
        let text = JSONWriter.quoted("a\u{2028}b\u{2029}c")
        #expect(Array(text.utf8) == [0x22, 0x61, 0xE2, 0x80, 0xA8, 0x62, 0xE2, 0x80, 0xA9, 0x63, 0x22])
        let parsed = try JSONSerialization.jsonObject(with: Data(("[" + text + "]").utf8)) as? [String]
        #expect(parsed == ["a\u{2028}b\u{2029}c"])
    }

    @Test func invalidUTF8ArrivesReplacedAndIsWrittenValid() throws {
        let value = String(decoding: [0x41, 0xFF, 0xC3, 0x42], as: UTF8.self)
        let text = JSONWriter.quoted(value)
        #expect(text == "\"A\u{FFFD}\u{FFFD}B\"")
        let parsed = try JSONSerialization.jsonObject(with: Data(("[" + text + "]").utf8)) as? [String]
        #expect(parsed == ["A\u{FFFD}\u{FFFD}B"])
    }

    @Test func numbersAreExact() {
        let value = JSONValue.array([
            .number("10.50"), .number("-0.000000000000000001"), .number("123456789012345678901234567890.12"),
            .int(Int.max), .int(Int.min), .nullable(Int64?.some(-7)), .nullable(Int?.none),
        ])
        #expect(JSONWriter.text(value)
            == "[10.50,-0.000000000000000001,123456789012345678901234567890.12,9223372036854775807,-9223372036854775808,-7,null]")
    }

    static let sample = JSONValue.object([
        ("a", .int(1)), ("gone", .absent), ("b", .array([.string("x"), .bool(true)])), ("c", .object([])),
        ("d", .array([])), ("e", .object([("f", .null)])), ("g", .written("{\"kept\":[1, 2]}")),
    ])

    @Test func compactLayout() {
        #expect(JSONWriter.text(Self.sample)
            == "{\"a\":1,\"b\":[\"x\",true],\"c\":{},\"d\":[],\"e\":{\"f\":null},\"g\":{\"kept\":[1, 2]}}")
    }

    @Test func prettyLayoutIsResultJSONs() {
        #expect(JSONWriter.pretty(Self.sample) == """
            {
              "a" : 1,
              "b" : [
                "x",
                true
              ],
              "c" : {},
              "d" : [],
              "e" : {
                "f" : null
              },
              "g" : {"kept":[1, 2]}
            }

            """)
    }

    @Test func documentLayoutKeepsStringArraysOnOneLine() {
        let value = JSONValue.object([("required", .strings(["id", "name"])), ("n", .array([.int(1)]))])
        #expect(JSONWriter.pretty(value, layout: .document) == "{\n  \"required\": [\"id\", \"name\"],\n  \"n\": [\n    1\n  ]\n}\n")
    }

    @Test(arguments: [0, 1, 3])
    func streamedArrayMatchesTheElementsWrittenElsewhere(count: Int) {
        let items = (0..<count).map { JSONValue.object([("row", .int($0)), ("ok", .bool($0 % 2 == 0))]) }
        let spill = items.enumerated().map { JSONWriter.arrayElement($1, index: $0, level: 2) }.joined()
        var writer = JSONWriter(.pretty)
        var pieces: [String] = []
        writer.write(.object([("a", .int(1)), ("rows", .array([])), ("z", .string("end"))]), streamedKey: "rows") {
            (writer: inout JSONWriter) -> Int in
            pieces.append(writer.take())
            pieces.append(spill)
            return count
        }
        pieces.append(writer.take())
        let expectedRows = count == 0 ? "[]" : "[" + items.enumerated().map { index, item in
            (index > 0 ? "," : "") + "\n    " + JSONWriter.text(item)
        }.joined() + "\n  ]"
        #expect(pieces.joined() == "{\n  \"a\" : 1,\n  \"rows\" : " + expectedRows + ",\n  \"z\" : \"end\"\n}")
    }
}
