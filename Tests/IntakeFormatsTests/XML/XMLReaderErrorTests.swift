import IntakeKit
import Testing
import IntakeTestSupport

/// Documents that cannot be read: truncation, malformed XML, bad bytes, limits.
@Suite struct XMLReaderErrorTests {
    typealias Kit = XMLTestKit

    /// Cutting a valid document anywhere before its root end tag's `>` must throw,
    /// never report a complete document; records read before the cut may come first.
    @Test(arguments: [1, Int.max])
    func truncationAtEveryOffsetThrows(chunk: Int) {
        let bytes = Pain001Fixture(version: "09", prefix: "p").bytes
        guard let last = bytes.lastIndex(of: UInt8(ascii: ">")) else {
            Testing.Issue.record("no '>' in the fixture")
            return
        }
        for cut in 0...last {
            let reader = XMLRecordReader(source: MemoryByteSource(Array(bytes[0..<cut]), maxChunk: chunk))
            do {
                var records = 0
                while try reader.next() { records += 1 }
                Testing.Issue.record("a document cut at \(cut) of \(bytes.count) bytes read as complete (\(records) records)")
            } catch {
                let expected = cut == 0 ? "empty" : "xml_truncated"
                // "ü" and "é" are two bytes: a cut between them is a cut sequence.
                if error.code != expected && error.code != "invalid_encoding" {
                    Testing.Issue.record("cut at \(cut): \(error.code) \(error)")
                }
            }
        }
    }

    @Test func truncationNamesTheOpenElement() throws {
        let text = Pain001Fixture().text
        guard let range = text.range(of: "<CdtTrfTxInf>", options: .backwards) else {
            Testing.Issue.record("fixture without CdtTrfTxInf")
            return
        }
        let error = Kit.failure(String(text[..<range.upperBound]) + "\n<PmtId>")
        #expect(error?.code == "xml_truncated")
        #expect(error?.message.contains("inside <PmtId>") == true)
        #expect(error?.message.contains("was the upload cut off?") == true)
        #expect(Kit.failure("<?xml version=\"1.0\"?>\n")?.code == "xml_truncated")
        #expect(Kit.failure("<?xml version=\"1.0\"?>\n<!-- nothing -->\n")?.code == "xml_truncated")
        #expect(Kit.failure("")?.code == "empty")
        #expect(Kit.failure(" \n\t ")?.code == "empty")
        #expect(Kit.failure("<records><record><a>1</a></record>")?.code == "xml_truncated")
    }

    @Test(arguments: [1, Int.max])
    func malformedDocumentsAreSyntaxErrors(chunk: Int) {
        let cases: [(String, String)] = [
            ("<records><record><a>1</b></record></records>", "expected </a>"),
            ("<records></records><records></records>", "second root"),
            ("<records></records>garbage", "text after the root"),
            ("<records></records><x/>", "second root"),
            ("junk<records></records>", "text before the root"),
            ("<records><record a=\"<\"/></records>", "'<' is not allowed"),
            ("<records><record a=\"1\" a='2'/></records>", "appears twice"),
            ("<records><record a=\"1\"b=\"2\"/></records>", "expected whitespace"),
            ("<records><record a=1/></records>", "quoted attribute value"),
            ("<records><record>&</record></records>", "does not start a reference"),
            ("<records><record>&#0;</record></records>", "does not allow"),
            ("<records><record>&#xD800;</record></records>", "does not allow"),
            ("<records><record><!-- a -- b --></record></records>", "'--'"),
            ("<records></records></records>", "has no start tag"),
            ("<records><1a/></records>", "expected an element name"),
            ("<records><?xml version=\"1.0\"?></records>", "very start"),
            ("<![CDATA[x]]><records/>", "CDATA section outside"),
        ]
        for (text, fragment) in cases {
            let error = Kit.failure(text, chunk: chunk)
            #expect(error?.code == "xml_syntax", "\(text)")
            #expect(error?.message.contains(fragment) == true, "\(text): \(String(describing: error))")
        }
    }

    @Test func syntaxErrorGivesLineAndPath() {
        let error = Kit.failure("<records>\n<record>\n<a>1</a>\n<b>2</c>\n</record>\n</records>")
        #expect(error?.line == 4)
        #expect(error?.message.contains("/records/record/b") == true)
        #expect(error?.description.hasPrefix("line 4: expected </b> (opened on line 4) but found </c>") == true)
    }

    @Test(arguments: [1, 64, Int.max])
    func invalidUTF8IsRejectedWithItsLine(chunk: Int) {
        let bad: [[UInt8]] = [
            [0xFF], [0x80], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80],
            [0xF0, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xC3, 0x28],
            [0x00], [0x01], [0x1F],
        ]
        for sequence in bad {
            let text = Kit.bytes("<records>\n<record>\n<a>x") + sequence + Kit.bytes("y</a></record></records>")
            let error = Kit.failure(text, chunk: chunk)
            #expect(error?.code == "invalid_encoding", "\(sequence)")
            #expect(error?.line == 3, "\(sequence)")
            #expect(error?.message.contains("\"encoding\" in intake.json") == true)
            let inName = Kit.bytes("<records><rec") + sequence + Kit.bytes("/></records>")
            #expect(Kit.failure(inName, chunk: chunk)?.code == "invalid_encoding", "\(sequence)")
        }
        #expect(Kit.failure(Kit.bytes("<records>\n<record>\n<a>x") + [0x00] + Kit.bytes("</a>"))?.message.contains("NUL") == true)
        for cut: [UInt8] in [[0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98]] {
            #expect(Kit.failure(Kit.bytes("<records></records><!--") + cut, chunk: chunk)?.code == "invalid_encoding")
            #expect(Kit.failure(Kit.bytes("<records></records>") + cut, chunk: chunk)?.code == "invalid_encoding")
        }
        let valid = Kit.bytes("\u{FEFF}<records><record><a>é€😀</a></record></records>")
        #expect(Kit.failure(valid, chunk: chunk) == nil)
    }

    @Test func recordTooLongFailsInBoundedMemory() throws {
        var options = XMLReaderOptions()
        options.maxRecordBytes = 1 << 10
        options.bufferSize = 256
        let fits = "<records><record><a>" + String(repeating: "x", count: 900) + "</a></record></records>"
        #expect(try Kit.parse(fits, chunk: 100, options: options).records.count == 1)
        let long = "<records>\n<record><a>" + String(repeating: "x", count: 2000) + "</a></record></records>"
        let error = Kit.failure(long, chunk: 100, options: options)
        #expect(error?.code == "record_too_long")
        #expect(error?.line == 2)
        // A never-closed comment fails the same way, long before the end of the input.
        var read: Int64 = 0
        let input = Kit.bytes("<records><!--") + [UInt8](repeating: 0x61, count: 4 << 20)
        let reader = XMLRecordReader(
            source: MemoryByteSource(input, maxChunk: 1000), options: options, observe: { read += Int64($0.count) })
        #expect(throws: XMLError.self) { while try reader.next() {} }
        #expect(read < 8 << 10)
    }

    @Test func errorsAreStickyAndReadFailuresAreReported() {
        struct Failing: ByteSource {
            struct Broken: Error {}
            mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int { throw Broken() }
        }
        let reader = XMLRecordReader(source: Failing())
        var first: XMLError?
        do {
            _ = try reader.next()
        } catch {
            first = error
        }
        #expect(first?.code == "read")
        do {
            _ = try reader.next()
            Testing.Issue.record("a second call after a failure returned")
        } catch {
            #expect(error == first)
        }
    }
}
