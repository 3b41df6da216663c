import IntakeKit
import Testing
import IntakeTestSupport

/// JSON Lines: one record per non-blank line; a broken line is a record, not a failure.
@Suite struct JSONLinesReaderTests {
    typealias Kit = JSONTestKit

    @Test func recordsPerLineWithBlankLinesAndCRLF() throws {
        let input: [UInt8] =
            [0xEF, 0xBB, 0xBF]
            + Kit.bytes(
                "{\"a\":\"x\",\"n\":{\"b\":1}}\r\n\r\n   \n\t\r\n {\"a\":\"y\"} \n{\"a\":\"z\"}")
        let parsed = try Kit.parseAllChunks(input, lines: true)
        #expect(parsed.shape == .lines)
        #expect(
            parsed.records == [
                [Kit.field("a", "x"), Kit.field("n.b", "1", .number)], [Kit.field("a", "y")],
                [Kit.field("a", "z")],
            ])
        #expect(parsed.lines == [1, 5, 6])
        #expect(
            parsed.raw == ["{\"a\":\"x\",\"n\":{\"b\":1}}", " {\"a\":\"y\"} ", "{\"a\":\"z\"}"])
        #expect(parsed.paths == ["", "", ""])
        #expect(parsed.indexes == [0, 1, 2])
        #expect(parsed.syntaxErrors == [nil, nil, nil])
    }

    @Test func brokenLineInTheMiddleIsARecordAndReadingGoesOn() throws {
        let text =
            "{\"a\":1}\n{\"a\":2,\"b\"}\n{\"a\":3}\n{\"a\":\"open\n{\"a\":4} x\n[1]\n\"s\"\n{\"a\":5}\n"
        let parsed = try Kit.parseAllChunks(text, lines: true)
        #expect(parsed.records.count == 8)
        #expect(parsed.isObject == [true, false, true, false, false, false, false, true])
        #expect(parsed.records.map(\.count) == [1, 0, 1, 0, 0, 0, 0, 1])
        #expect(parsed.records[2] == [Kit.field("a", "3", .number)])
        #expect(parsed.records[7] == [Kit.field("a", "5", .number)])
        #expect(
            parsed.syntaxErrors == [
                nil, "column 11: expected ':' after the key, found '}'", nil,
                "column 11: the line ends before the JSON value is complete",
                "column 9: expected the end of the line after the JSON value, found 'x'",
                nil, nil, nil,
            ])
        #expect(parsed.raw[1] == "{\"a\":2,\"b\"}")
        #expect(parsed.lines == [1, 2, 3, 4, 5, 6, 7, 8])
    }

    @Test func lineTooLongFailsTheDocument() {
        var options = JSONReaderOptions()
        options.maxRecordBytes = 16
        options.bufferSize = 16
        let fits = "{\"v\":\"" + String(repeating: "x", count: 8) + "\"}"
        #expect(Kit.code(fits + "\r\n" + fits, lines: true, options: options) == nil)
        let text = fits + "\n" + "{\"v\":\"" + String(repeating: "x", count: 9) + "\"}\n"
        #expect(
            Kit.failure(text, lines: true, options: options)
                == JSONError(.recordTooLong(limit: 16), line: 2))
        let runaway = fits + "\n" + String(repeating: "y", count: 1000)
        #expect(Kit.code(runaway, lines: true, options: options) == "record_too_long")
    }

    @Test func syntaxInALineDoesNotNeedTheNextLine() throws {
        // A broken last line without a newline is still one record.
        let parsed = try Kit.parseAllChunks("{\"a\":1}\n{\"a\"", lines: true)
        #expect(parsed.syntaxErrors.count == 2)
        #expect(parsed.syntaxErrors[1]?.hasPrefix("column 5: ") == true)
    }

    @Test func incompleteScalarsAtTheEndOfALineAreBroken() throws {
        let lines = ["-", "1.", "1e", "1e+", "tru", "\"x", "01", "-0", "\"ok\""]
        let parsed = try Kit.parseAllChunks(lines.joined(separator: "\n") + "\n", lines: true)
        let broken = parsed.syntaxErrors.map { $0 != nil }
        #expect(broken == [true, true, true, true, true, true, true, false, false])
        #expect(parsed.isObject.allSatisfy { !$0 })
        #expect(parsed.raw == lines)
    }
}
