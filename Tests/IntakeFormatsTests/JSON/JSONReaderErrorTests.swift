import IntakeKit
import Testing
import IntakeTestSupport

/// Document-level failures: each one names the right code and place, for every chunking.
@Suite struct JSONReaderErrorTests {
    typealias Kit = JSONTestKit

    @Test func syntaxErrorsSayWhatWasExpectedAndWhere() {
        let cases: [(String, String)] = [
            ("[{\"a\" 1}]", "line 1, column 7: expected ':' after the key, found '1'"),
            ("[{\"a\":1 \"b\":2}]", "line 1, column 9: expected ',' or '}', found '\"'"),
            ("[1 2]", "line 1, column 4: expected ',' or ']', found '2'"),
            ("[1,]", "line 1, column 4: expected a JSON value, found ']'"),
            ("[{,}]", "line 1, column 3: expected a key in double quotes or '}', found ','"),
            ("[{\"a\":1,}]", "line 1, column 9: expected a key in double quotes, found '}'"),
            (
                "[\n  {'a':1}]",
                "line 2, column 4: expected a key in double quotes or '}', found '''"
            ),
            ("{\"items\":[é]}", "line 1, column 11: expected a JSON value, found 'é'"),
        ]
        for (text, prefix) in cases {
            let error = Kit.failure(text)
            #expect(error?.code == "json_syntax")
            #expect(error?.message.hasPrefix(prefix) == true, "\(error?.message ?? "nil")")
            #expect(Kit.code(text) == "json_syntax")
        }
    }

    @Test func shapeErrorsNameTheAcceptedShapes() {
        for text in ["{\"records\":[]}", "{}", "\"text\"", "42", "null", "true"] {
            let error = Kit.failure(text)
            #expect(error?.code == "json_shape", "\(text)")
            #expect(error?.message.contains("an array of records") == true)
            #expect(error?.message.contains("Trustpair") == true)
            #expect(error?.message.contains("Papaya") == true)
        }
        let wrongTypes: [(String, String)] = [
            (
                "{\"data\":{\"type\":5,\"attributes\":{\"records\":[]}}}",
                "`data.type` must be a string"
            ),
            (
                "{\"data\":{\"type\":null,\"attributes\":{\"records\":[]}}}",
                "`data.type` must be a string"
            ),
            (
                "{\"items\":[],\"update_payments\":\"yes\"}",
                "`update_payments` must be true or false"
            ),
            ("{\"update_payments\":1,\"items\":[]}", "`update_payments` must be true or false"),
            ("{\"update_payments\":[],\"items\":[]}", "`update_payments` must be true or false"),
            ("{\"items\":{}}", "`items` must be an array"),
            ("{\"data\":[]}", "`data` must be an object"),
            ("{\"data\":{\"attributes\":5}}", "`data.attributes` must be an object"),
            (
                "{\"data\":{\"attributes\":{\"records\":{}}}}",
                "`data.attributes.records` must be an array"
            ),
            ("{\"data\":{\"type\":\"t\"}}", "`data.attributes.records` is missing"),
            ("{\"data\":{\"attributes\":{}}}", "`data.attributes.records` is missing"),
            ("{\"items\":[],\"data\":{}}", "both `data`"),
            ("{\"items\":[],\"items\":[]}", "`items` appears twice"),
        ]
        for (text, phrase) in wrongTypes {
            let error = Kit.failure(text)
            #expect(error?.code == "json_shape", "\(text)")
            #expect(error?.message.contains(phrase) == true, "\(error?.message ?? "nil")")
            #expect(Kit.code(text) == "json_shape")
        }
        // A Trustpair body does not care about a stray update_payments.
        #expect(
            Kit.code("{\"update_payments\":\"x\",\"data\":{\"attributes\":{\"records\":[]}}}")
                == nil)
    }

    @Test func envelopeValueIsBounded() {
        var options = JSONReaderOptions()
        options.maxEnvelopeValueBytes = 8
        let ok = "{\"data\":{\"type\":\"12345678\",\"attributes\":{\"records\":[]}}}"
        #expect(Kit.code(ok, options: options) == nil)
        let long = "{\"data\":{\"type\":\"123456789\",\"attributes\":{\"records\":[]}}}"
        #expect(Kit.code(long, options: options) == "json_shape")
    }

    @Test func deepNestingFailsFastWithoutRecursion() {
        let deep = [UInt8](repeating: 0x5B, count: 100_000)
        let error = Kit.failure(deep)
        #expect(error == JSONError(.tooDeep(limit: 64), line: 1, column: 65))
        #expect(Kit.failure(deep, chunk: 1)?.code == "json_too_deep")
        let objects = String(repeating: "{\"a\":", count: 100_000)
        #expect(Kit.failure("[" + objects)?.code == "json_too_deep")
        #expect(Kit.failure("{\"x\":" + objects)?.code == "json_too_deep")
        #expect(
            Kit.failure(String(repeating: "[", count: 65) + "\n", lines: true)?.code
                == "json_too_deep")
        // Exactly at the limit is fine.
        var options = JSONReaderOptions()
        options.maxDepth = 4
        #expect(Kit.code("[{\"a\":{\"b\":[1]}}]", options: options) == nil)
        #expect(Kit.code("[{\"a\":{\"b\":[[1]]}}]", options: options) == "json_too_deep")
    }

    @Test func recordOverTheLimitFails() throws {
        var options = JSONReaderOptions()
        options.maxRecordBytes = 64
        options.bufferSize = 16
        let fits = "{\"v\":\"" + String(repeating: "x", count: 56) + "\"}"
        #expect(fits.utf8.count == 64)
        let parsed = try Kit.parseAllChunks("[" + fits + "]", options: options)
        #expect(parsed.raw == [fits])
        let tooLong = "[\n" + fits + ",\n{\"v\":\"" + String(repeating: "x", count: 57) + "\"}]"
        for chunk in Kit.chunkSizes {
            let error = Kit.failure(tooLong, chunk: chunk, options: options)
            #expect(error == JSONError(.recordTooLong(limit: 64), line: 3))
            #expect(error?.message.contains("longer than 64 bytes") == true)
        }
        // A runaway record (a missing bracket) fails in bounded memory.
        let runaway = "[{\"v\":[" + String(repeating: "1,", count: 10_000)
        #expect(Kit.failure(runaway, options: options)?.code == "record_too_long")
        // A huge skipped envelope value is not a record and is fine.
        let skipped = "{\"meta\":[\"" + String(repeating: "y", count: 10_000) + "\"],\"items\":[]}"
        #expect(Kit.code(skipped, options: options) == nil)
    }

    @Test func invalidUTF8IsRejectedWithItsLine() {
        let bad: [[UInt8]] = [
            [0xFF], [0x80], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80],
            [0xED, 0xBF, 0xBF], [0xF0, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xF5, 0x80, 0x80, 0x80], [0xC3, 0x28], [0xE2, 0x82, 0x41], [0xF0, 0x9F, 0x98, 0x2C],
            [0xE9],
        ]
        for sequence in bad {
            let inRecord = Kit.bytes("[\n{\"a\":\n\"x") + sequence + Kit.bytes("y\"}]")
            #expect(Kit.codeAllChunks(inRecord) == "invalid_encoding")
            #expect(Kit.failure(inRecord)?.line == 3)
            let inKey = Kit.bytes("{\"") + sequence + Kit.bytes("\":1,\"items\":[]}")
            #expect(Kit.codeAllChunks(inKey) == "invalid_encoding")
            let outside = Kit.bytes("[1,") + sequence + Kit.bytes("]")
            #expect(Kit.codeAllChunks(outside) == "invalid_encoding")
            let inLine = Kit.bytes("{\"a\":1}\n{\"a\":\"") + sequence + Kit.bytes("\"}\n")
            #expect(Kit.codeAllChunks(inLine, lines: true) == "invalid_encoding")
            #expect(Kit.failure(inLine, lines: true)?.line == 2)
            let cutAtEnd = Kit.bytes("[\"x") + sequence.prefix(1)
            #expect(Kit.failure(cutAtEnd) != nil)
        }
        let message = Kit.failure(Kit.bytes("[\"") + [0xE9] + Kit.bytes("\"]"))?.message ?? ""
        #expect(message.contains("not valid UTF-8"))
        #expect(message.contains("`encoding` in intake.json"))
    }

    @Test func truncationAtEveryOffsetThrows() throws {
        let documents = [
            "[{\"a\":\"x\\u00e9y\",\"b\":{\"c\":[1,2.5e-3,{\"d\":null}]},\"e\":true},{\"f\":-0}]",
            "{\"data\":{\"type\":\"t\",\"attributes\":{\"records\":[{\"a\":\"😀\"},{}]}}}",
            "{\"items\":[{\"a\":false},{\"b\":\"\\uD83D\\uDE00\"}],\"update_payments\":true}",
        ]
        for document in documents {
            let bytes = Kit.bytes(document)
            let full = try Kit.parse(bytes)
            for cut in 0..<bytes.count {
                for chunk in [1, 5, Int.max] {
                    var seen: [[Kit.Field]] = []
                    let reader = JSONRecordReader(
                        source: MemoryByteSource(Array(bytes[0..<cut]), maxChunk: chunk),
                        lines: false)
                    do {
                        while try reader.next() { seen.append(Kit.fields(reader)) }
                        Testing.Issue.record("cut at \(cut) of \(document) returned false")
                    } catch {
                        #expect(
                            ["json_truncated", "empty", "invalid_encoding"].contains(error.code))
                        #expect(cut > 0 || error.code == "empty")
                    }
                    #expect(Array(full.records.prefix(seen.count)) == seen)
                }
            }
        }
        #expect(
            Kit.failure("[{\"a\":1}")?.message
                == "line 1, column 9: the file ends before the JSON is complete; was the upload cut off?"
        )
    }

    @Test func trailingDataFails() {
        for text in ["[] x", "[]]", "[]\n[]", "{\"items\":[]} {}", "[1]\n,", "[]\u{0}"] {
            #expect(Kit.code(text) == "json_trailing_data", "\(text)")
        }
        let error = Kit.failure("[{\"a\":1}]\n\n  x")
        #expect(error == JSONError(.trailingData(found: "'x'"), line: 3, column: 3))
        #expect(Kit.code("[]  \r\n\t ") == nil)
    }

    @Test func emptyDocuments() {
        for text in ["", " ", "\n\r\n\t", "\u{FEFF}", "\u{FEFF}\n"] {
            #expect(Kit.code(text) == "empty", "\(text.debugDescription)")
            #expect(Kit.code(text, lines: true) == "empty", "\(text.debugDescription)")
        }
        #expect(Kit.failure("\n\n") == JSONError(.empty, line: 3, column: nil))
    }

    @Test func readFailureIsReported() {
        struct Broken: ByteSource, Error, CustomStringConvertible {
            var calls = 0
            var description: String { "disk on fire" }
            mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
                calls += 1
                guard calls == 1, let base = buffer.baseAddress else { throw self }
                let text: [UInt8] = Array("[{\"a\":1},\n{\"a\"".utf8)
                base.copyMemory(from: text, byteCount: text.count)
                return text.count
            }
        }
        let reader = JSONRecordReader(source: Broken(), lines: false)
        #expect(throws: JSONError(.read("disk on fire"), line: 2)) {
            while try reader.next() {}
        }
        #expect(throws: JSONError(.read("disk on fire"), line: 2)) { try reader.next() }
    }

    @Test func errorsAreSticky() throws {
        let reader = JSONRecordReader(
            source: MemoryByteSource(Kit.bytes("[{\"a\":1},{\"a\":01}]")), lines: false)
        #expect(try reader.next())
        let expected = JSONError(
            .syntax(expected: "'.', 'e' or the end of the number after a leading 0", found: "'1'"),
            line: 1, column: 16)
        #expect(throws: expected) { try reader.next() }
        #expect(throws: expected) { try reader.next() }
    }

    @Test func everyMessageIsOneLineWithAPlace() {
        let kinds: [JSONError.Kind] = [
            .syntax(expected: "x", found: "y"), .shape("s"), .tooDeep(limit: 3),
            .recordTooLong(limit: 5), .flattenedRecordTooLarge(limit: 9), .invalidEncoding,
            .truncated, .trailingData(found: "'x'"), .empty, .read("x"),
        ]
        let codes = kinds.map { JSONError($0, line: 7).code }
        #expect(
            codes == [
                "json_syntax", "json_shape", "json_too_deep", "record_too_long", "record_too_long",
                "invalid_encoding", "json_truncated", "json_trailing_data", "empty", "read",
            ])
        for kind in kinds {
            let error = JSONError(kind, line: 7, column: 2)
            #expect(error.description.hasPrefix("line 7, column 2: "))
            #expect(!error.description.contains("\n"))
            #expect(error.description == error.message)
        }
    }
}
