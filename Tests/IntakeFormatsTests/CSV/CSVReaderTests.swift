import IntakeKit
import Testing
import IntakeTestSupport

/// Record and field structure: quoting, line endings, delimiters, lines, raw bytes.
@Suite struct CSVReaderTests {
    typealias Kit = CSVTestKit

    @Test(arguments: Kit.chunkSizes)
    func quotedFieldKeepsDelimiter(chunk: Int) throws {
        let parsed = try Kit.parse("id,name\n1,\"Smith, John\"\n2,\"a,b,c\"\n", chunk: chunk)
        #expect(parsed.header == ["id", "name"])
        #expect(parsed.records == [["1", "Smith, John"], ["2", "a,b,c"]])
        #expect(parsed.malformed == [nil, nil])
    }

    @Test(arguments: Kit.chunkSizes)
    func doubledQuotesBecomeOneQuote(chunk: Int) throws {
        let parsed = try Kit.parse(
            "a,b,c\n\"say \"\"hi\"\"\",\"\"\"\",\"x\"\"\"\"y\"\n", chunk: chunk)
        #expect(parsed.records == [["say \"hi\"", "\"", "x\"\"y"]])
    }

    @Test(arguments: Kit.chunkSizes)
    func quotedFieldKeepsEmbeddedNewline(chunk: Int) throws {
        let text = "a,b\n1,\"line one\nline two\"\n2,\"x\r\ny\r\nz\"\n3,\"cr\ronly\"\n4,end\n"
        let parsed = try Kit.parse(text, chunk: chunk)
        #expect(parsed.records == [
            ["1", "line one\nline two"], ["2", "x\r\ny\r\nz"], ["3", "cr\ronly"], ["4", "end"],
        ])
        #expect(parsed.lines == [2, 4, 7, 9])
    }

    @Test(arguments: Kit.chunkSizes)
    func crlfLineEndings(chunk: Int) throws {
        let parsed = try Kit.parse("a,b\r\n1,2\r\n\"3\",\"4\"\r\n", chunk: chunk)
        #expect(parsed.header == ["a", "b"])
        #expect(parsed.records == [["1", "2"], ["3", "4"]])
        #expect(parsed.lines == [2, 3])
        #expect(parsed.raw == [Kit.bytes("1,2\r\n"), Kit.bytes("\"3\",\"4\"\r\n")])
    }

    @Test(arguments: Kit.chunkSizes)
    func loneCarriageReturnEndsALine(chunk: Int) throws {
        let parsed = try Kit.parse("a,b\r1,2\r3,4", chunk: chunk)
        #expect(parsed.records == [["1", "2"], ["3", "4"]])
        #expect(parsed.lines == [2, 3])
    }

    @Test(arguments: Kit.chunkSizes)
    func semicolonDelimiterIsDetected(chunk: Int) throws {
        let parsed = try Kit.parse("id;\"name, full\";amount\n1;\"Doe, J\";3,50\n", chunk: chunk)
        #expect(parsed.delimiter == UInt8(ascii: ";"))
        #expect(parsed.header == ["id", "name, full", "amount"])
        #expect(parsed.records == [["1", "Doe, J", "3,50"]])
    }

    @Test(arguments: Kit.chunkSizes)
    func commaWinsATie(chunk: Int) throws {
        let parsed = try Kit.parse("a;b,c\n1;2,3\n", chunk: chunk)
        #expect(parsed.delimiter == UInt8(ascii: ","))
        #expect(parsed.header == ["a;b", "c"])
        #expect(parsed.records == [["1;2", "3"]])
    }

    @Test(arguments: Kit.chunkSizes)
    func byteOrderMarkIsStrippedFromHeader(chunk: Int) throws {
        let input: [UInt8] = [0xEF, 0xBB, 0xBF] + Kit.bytes("id,name\n1,x\n")
        let parsed = try Kit.parse(input, chunk: chunk)
        #expect(parsed.header == ["id", "name"])
        #expect(parsed.header.first?.utf8.count == 2)
        #expect(parsed.records == [["1", "x"]])
        #expect(parsed.observed == input)
        #expect(parsed.bytesRead == Int64(input.count))
    }

    @Test(arguments: Kit.chunkSizes)
    func lastRecordWithoutNewline(chunk: Int) throws {
        let parsed = try Kit.parse("a,b\n1,2\n3,\"4\"", chunk: chunk)
        #expect(parsed.records == [["1", "2"], ["3", "4"]])
        #expect(parsed.raw.last == Kit.bytes("3,\"4\""))
    }

    @Test(arguments: Kit.chunkSizes)
    func emptyFieldsAreKept(chunk: Int) throws {
        let parsed = try Kit.parse("a,b,c\n,,\n1,,3\n,2,\n4,5,", chunk: chunk)
        #expect(parsed.records == [["", "", ""], ["1", "", "3"], ["", "2", ""], ["4", "5", ""]])
    }

    @Test(arguments: Kit.chunkSizes)
    func emptyQuotedField(chunk: Int) throws {
        let parsed = try Kit.parse("a,b\n\"\",\"\"\n\"\"\n", chunk: chunk)
        #expect(parsed.records == [["", ""], [""]])
        #expect(parsed.malformed == [nil, nil])
    }

    @Test(arguments: Kit.chunkSizes)
    func rawRecordMatchesOriginalBytes(chunk: Int) throws {
        let records = ["1,\"a\"\"b\",c\r\n", "2,\"multi\r\nline\",x\r\n", "3,\"q\"z,y\n", "4,5,6"]
        let parsed = try Kit.parse("h1,h2,h3\r\n" + records.joined(), chunk: chunk)
        #expect(parsed.raw == records.map(Kit.bytes))
        #expect(parsed.records[0] == ["1", "a\"b", "c"])
        #expect(parsed.lines == [2, 3, 5, 6])
    }

    @Test(arguments: Kit.chunkSizes)
    func textAfterClosingQuoteMarksFieldMalformed(chunk: Int) throws {
        let parsed = try Kit.parse(
            "a,b,c\n1,\"abc\"x,3\n\"ok\",\"p\"\"q\"r\"s,\"t\" \n4,5,6\n", chunk: chunk)
        #expect(parsed.records == [["1", "abcx", "3"], ["ok", "p\"qr\"s", "t "], ["4", "5", "6"]])
        #expect(parsed.malformed == [1, 1, nil])
    }

    @Test(arguments: Kit.chunkSizes)
    func quoteInsideUnquotedFieldIsLiteral(chunk: Int) throws {
        let parsed = try Kit.parse("item,qty\n5\" screws,10\na\"b\"\"c,d\"\n", chunk: chunk)
        #expect(parsed.records == [["5\" screws", "10"], ["a\"b\"\"c", "d\""]])
        #expect(parsed.malformed == [nil, nil])
    }

    @Test(arguments: Kit.chunkSizes)
    func headerOnlyHasNoRecords(chunk: Int) throws {
        for text in ["a,b", "a,b\n", "a,b\r\n", "a,b\n\n\r\n"] {
            let parsed = try Kit.parse(text, chunk: chunk)
            #expect(parsed.header == ["a", "b"])
            #expect(parsed.records.isEmpty)
        }
    }

    @Test(arguments: Kit.chunkSizes)
    func blankLinesAreSkipped(chunk: Int) throws {
        let parsed = try Kit.parse("\n\r\na,b\n\n1,2\r\n\r\n\n3,4\n\n", chunk: chunk)
        #expect(parsed.header == ["a", "b"])
        #expect(parsed.records == [["1", "2"], ["3", "4"]])
        #expect(parsed.lines == [5, 8])
    }

    @Test(arguments: Kit.chunkSizes)
    func nulByteIsData(chunk: Int) throws {
        let parsed = try Kit.parse("a,b\n1\u{0}2,\"\u{0}\"\n", chunk: chunk)
        #expect(parsed.records == [["1\u{0}2", "\u{0}"]])
        #expect(parsed.records[0][0].utf8.count == 3)
    }

    @Test(arguments: Kit.chunkSizes)
    func observerSeesEveryByteOnce(chunk: Int) throws {
        let input = Kit.bytes("h\n" + String(repeating: "row,\"quoted\"\"x\",é€😀\r\n", count: 300))
        let parsed = try Kit.parse(input, chunk: chunk, options: small(bufferSize: 50))
        #expect(parsed.observed == input)
        #expect(parsed.bytesRead == Int64(input.count))
        #expect(parsed.records.count == 300)
        #expect(parsed.records.allSatisfy { $0 == ["row", "quoted\"x", "é€😀"] })
    }

    @Test(arguments: Kit.chunkSizes)
    func multiByteCharacterSplitAcrossChunksIsAccepted(chunk: Int) throws {
        let text = "name\né\n€\n😀\n\"ü😀\"\nü\u{10FFFF}\u{FFFF}\u{D7FF}\u{E000}\n"
        let parsed = try Kit.parse(text, chunk: chunk, options: small(bufferSize: 3))
        #expect(parsed.records == [["é"], ["€"], ["😀"], ["ü😀"], ["ü\u{10FFFF}\u{FFFF}\u{D7FF}\u{E000}"]])
    }

    @Test(arguments: [7, 64, 4096, Int.max])
    func largeFieldGrowsBuffer(chunk: Int) throws {
        let big = String(repeating: "abcdefgh", count: 3 << 17)  // 3 MiB
        let text = "a,b\n1,\"\(big)\"\n2,\(big)\n3,x\n"
        let parsed = try Kit.parse(text, chunk: chunk)
        #expect(parsed.records.map(\.count) == [2, 2, 2])
        #expect(parsed.records[0][1] == big)
        #expect(parsed.records[1][1] == big)
        #expect(parsed.records[2] == ["3", "x"])
    }

    @Test(arguments: Kit.chunkSizes)
    func smallBuffersCompactAndGrow(chunk: Int) throws {
        let text = "a,b\n" + (0..<50).map { "\($0),\"v\"\"\($0)\nz\"\r\n" }.joined()
        for size in [1, 2, 5, 16] {
            let parsed = try Kit.parse(text, chunk: chunk, options: small(bufferSize: size))
            #expect(parsed.records == (0..<50).map { ["\($0)", "v\"\($0)\nz"] })
            #expect(parsed.lines == (0..<50).map { 2 + 2 * $0 })
        }
    }

    @Test(arguments: Kit.chunkSizes)
    func readsWithoutHeader(chunk: Int) throws {
        let parsed = try Kit.parse("\u{FEFF}1,2\n3,4\n", chunk: chunk, header: false)
        #expect(parsed.records == [["1", "2"], ["3", "4"]])
        #expect(parsed.lines == [1, 2])
    }

    @Test func allFieldsStayValidTogether() throws {
        let reader = CSVReader(source: MemoryByteSource(Kit.bytes("h\n\"a\"\"\",\"b\"\"\",c,\"d\"x\n")))
        _ = try reader.readHeader()
        #expect(try reader.next())
        let fields = (0..<reader.fieldCount).map { reader.field($0) }
        #expect(fields.map(Kit.string) == ["a\"", "b\"", "c", "dx"])
        #expect(reader.malformedField == 3)
        #expect(try reader.next() == false)
        #expect(reader.fieldCount == 0)
    }

    @Test(arguments: Kit.chunkSizes)
    func rawHeaderKeepsBOMAndLineEnding(chunk: Int) throws {
        let cases: [([UInt8], [UInt8], [UInt8])] = [
            ([0xEF, 0xBB, 0xBF] + Kit.bytes("a;\"b\"\r\n1;2\n"), [0xEF, 0xBB, 0xBF] + Kit.bytes("a;\"b\"\r\n"), [13, 10]),
            (Kit.bytes("a,b\n1,2\r\n"), Kit.bytes("a,b\n"), [10]),
            (Kit.bytes("a,b\r1,2"), Kit.bytes("a,b\r"), [13]),
            (Kit.bytes("a,b"), Kit.bytes("a,b"), [10]),
        ]
        for (input, header, ending) in cases {
            let reader = CSVReader(
                source: MemoryByteSource(input, maxChunk: chunk), options: small(bufferSize: 2))
            _ = try reader.readHeader()
            #expect(reader.rawHeader == header)
            #expect(reader.lineEnding == ending)
        }
    }

    private func small(bufferSize: Int) -> CSVReaderOptions {
        var options = CSVReaderOptions()
        options.bufferSize = bufferSize
        return options
    }
}
