import IntakeKit
import Testing
import IntakeTestSupport

/// String escapes, UTF-8 and the number grammar, inside records and skipped values.
@Suite struct JSONReaderValueTests {
    typealias Kit = JSONTestKit

    /// The single value of `[{"v": <json>}]`.
    static func value(_ json: String) throws -> Kit.Field? {
        try Kit.parseAllChunks("[{\"v\":\(json)}]").records.first?.first
    }

    @Test func everyEscape() throws {
        let json = #""q\" b\\ s\/ \b \f \n \r \t \u0041 \u00e9 \u20AC \uD83D\uDE00 \u0000 \uFFFF""#
        let field = try Self.value(json)
        #expect(field?.value == "q\" b\\ s/ \u{8} \u{C} \n \r \t A é € 😀 \u{0} \u{FFFF}")
        #expect(field?.kind == .string)
        #expect(try Self.value(#""\uD834\uDD1E""#)?.value == "𝄞")
        let nul = try Self.value(#""a\u0000b""#)?.value ?? ""
        #expect(Array(nul.utf8) == [0x61, 0, 0x62])
    }

    @Test func escapedKeysAreUnescaped() throws {
        let parsed = try Kit.parseAllChunks(#"[{"a\"b":{"c\u002Ed":"x"}}]"#)
        #expect(parsed.records == [[Kit.field("a\"b.c.d", "x")]])
        // Envelope keys compare after unescaping too.
        let body = try Kit.parseAllChunks(#"{"\u0069tems":[{"k":1}],"update\u005fpayments":true}"#)
        #expect(body.shape == .papayaBody)
        #expect(body.updatePayments == true)
    }

    @Test func rawUTF8PassesThrough() throws {
        #expect(try Self.value("\"Zoë Ærø 東京 😀\"")?.value == "Zoë Ærø 東京 😀")
    }

    @Test func badEscapesAreSyntaxErrors() {
        let bad = [
            #""\uD83D""#, #""\uD83Dx""#, #""\uD83D\n""#, #""\uD83D\u0041""#, #""\uDE00""#,
            #""\uDE00\uD83D""#, #""\x""#, #""\U0041""#, #""\u12G4""#, #""\'""#, #""\u12""#,
        ]
        for json in bad {
            #expect(Kit.code("[{\"v\":\(json)}]") == "json_syntax", "\(json)")
            // The same in a skipped value and in an envelope key.
            #expect(Kit.code("{\"x\":[\(json)],\"items\":[]}") == "json_syntax", "\(json)")
            #expect(Kit.code("{\(json):1,\"items\":[]}") == "json_syntax", "\(json)")
        }
    }

    @Test func rawControlCharactersInStringsAreSyntaxErrors() throws {
        for byte: UInt8 in [0x00, 0x01, 0x09, 0x0A, 0x0D, 0x1F] {
            let input = Kit.bytes("[{\"v\":\"a") + [byte] + Kit.bytes("b\"}]")
            #expect(Kit.codeAllChunks(input) == "json_syntax")
        }
        #expect(
            Kit.failure("[\"a\tb\"]")?.message
                == "line 1, column 4: expected a character or an escape such as \\n inside the"
                + " string, found control character U+0009; fix the JSON at this position")
        #expect(try Self.value("\"\u{7F}\"")?.value == "\u{7F}")
    }

    @Test func validNumbersKeepTheirText() throws {
        let numbers = [
            "0", "-0", "1", "-1", "10", "120.50", "0.5", "-0.0", "1e5", "1E+5", "1e-5", "2.5E-03",
            "123456789012345678901234567890", "1.000000000000000000001", "0e0",
        ]
        for number in numbers {
            #expect(try Self.value(number) == Kit.field("v", number, .number))
        }
        let parsed = try Kit.parseAllChunks("[{\"a\":1,\"b\":-2.5e3},3,{\"c\":[1.5e-2]}]")
        #expect(
            parsed.records == [
                [Kit.field("a", "1", .number), Kit.field("b", "-2.5e3", .number)], [],
                [Kit.field("c", "", .array)],
            ])
        #expect(parsed.raw[1] == "3")
    }

    @Test func invalidNumbersAreSyntaxErrors() {
        let bad = [
            "01", "-01", "1.", "-", "1e", "1e+", ".5", "+1", "1.e5", "--1", "0x1", "1.5.", "00",
            "-a", "1ee", "Infinity", "NaN", "1_000",
        ]
        for number in bad {
            #expect(Kit.code("[{\"v\":\(number)}]") == "json_syntax", "\(number)")
            #expect(Kit.code("[\(number)]") == "json_syntax", "\(number)")
            #expect(Kit.code("{\"x\":\(number),\"items\":[]}") == "json_syntax", "\(number)")
        }
        #expect(
            Kit.failure("[{\"v\":01}]")?.message
                == "line 1, column 8: expected '.', 'e' or the end of the number after a leading 0,"
                + " found '1'; fix the JSON at this position")
    }

    @Test func literalsMustBeComplete() {
        for bad in ["tru", "nul", "fals", "True", "nULL", "truex", "nulll", "t"] {
            #expect(Kit.code("[{\"v\":\(bad)}]") == "json_syntax", "\(bad)")
        }
    }
}
