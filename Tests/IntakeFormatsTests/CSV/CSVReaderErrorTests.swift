import IntakeKit
import Testing
import IntakeTestSupport

/// Document-level failures: each one names the right kind and line, for every chunking.
@Suite struct CSVReaderErrorTests {
    typealias Kit = CSVTestKit

    @Test(arguments: Kit.chunkSizes)
    func unterminatedQuoteReportsStartLine(chunk: Int) {
        let text = "a,b\n1,2\n3,\"never closed\nmore\n4,5\n"
        #expect(Kit.failure(Kit.bytes(text), chunk: chunk) == CSVError(.unterminatedQuote, line: 3))
        let doubledAtEnd = "a,b\n1,\"x\"\""
        #expect(
            Kit.failure(Kit.bytes(doubledAtEnd), chunk: chunk)
                == CSVError(.unterminatedQuote, line: 2))
        #expect(Kit.failure(Kit.bytes("\"a,b\n"), chunk: chunk) == CSVError(.unterminatedQuote, line: 1))
        // The record starts on line 2; the field that never closes starts on line 4.
        let late = "a,b,c\n1,\"x\ny\r\nz\",\"open\n\n"
        #expect(Kit.failure(Kit.bytes(late), chunk: chunk) == CSVError(.unterminatedQuote, line: 4))
    }

    @Test(arguments: Kit.chunkSizes)
    func invalidUTF8IsRejectedWithItsLine(chunk: Int) {
        let bad: [[UInt8]] = [
            [0xFF], [0x80], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80],
            [0xED, 0xBF, 0xBF], [0xF0, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xF5, 0x80, 0x80, 0x80], [0xC3, 0x28], [0xE2, 0x82, 0x41], [0xF0, 0x9F, 0x98, 0x2C],
        ]
        for sequence in bad {
            // In an unquoted field on line 3, and in a quoted field that starts on line 2.
            let unquoted = Kit.bytes("a,b\n1,2\n3,x") + sequence + Kit.bytes("y\n4,5\n")
            #expect(Kit.failure(unquoted, chunk: chunk) == CSVError(.invalidUTF8, line: 3))
            let quoted = Kit.bytes("a,b\n1,\"x\ny") + sequence + Kit.bytes("\"\n")
            #expect(Kit.failure(quoted, chunk: chunk) == CSVError(.invalidUTF8, line: 3))
            let header = sequence + Kit.bytes(",b\n")
            #expect(Kit.failure(header, chunk: chunk) == CSVError(.invalidUTF8, line: 1))
        }
    }

    @Test(arguments: Kit.chunkSizes)
    func truncatedSequenceAtEndIsInvalid(chunk: Int) {
        for cut: [UInt8] in [[0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xEF, 0xBB]] {
            let input = Kit.bytes("a,b\n1,x") + cut
            #expect(Kit.failure(input, chunk: chunk) == CSVError(.invalidUTF8, line: 2))
        }
        // A lone BOM prefix is no BOM: the file starts with a truncated sequence.
        #expect(Kit.failure([0xEF, 0xBB], chunk: chunk) == CSVError(.invalidUTF8, line: 1))
    }

    @Test(arguments: Kit.chunkSizes)
    func recordTooLongWithSmallLimit(chunk: Int) throws {
        var options = CSVReaderOptions()
        options.maxRecordBytes = 16
        options.bufferSize = 4
        // 16 bytes including the line ending is allowed, 17 is not.
        let fits = try Kit.parse("a,b\n123456789012345\n", chunk: chunk, options: options)
        #expect(fits.records == [["123456789012345"]])
        let tooLong = Kit.bytes("a,b\n1,2\n1234567890123456\n")
        #expect(
            Kit.failure(tooLong, chunk: chunk, options: options)
                == CSVError(.recordTooLong(limit: 16), line: 3))
        let unquoted = Kit.bytes("a,b\n" + String(repeating: "x", count: 100))
        #expect(
            Kit.failure(unquoted, chunk: chunk, options: options)
                == CSVError(.recordTooLong(limit: 16), line: 2))
    }

    @Test func missingQuoteInHugeInputFailsFastInBoundedMemory() {
        var options = CSVReaderOptions()
        options.maxRecordBytes = 1 << 20
        options.bufferSize = 64 << 10
        let input = Kit.bytes("a,b\n1,\"open\n") + [UInt8](repeating: 0x61, count: 8 << 20)
        var read: Int64 = 0
        let reader = CSVReader(
            source: MemoryByteSource(input, maxChunk: 100_000), options: options,
            observe: { read += Int64($0.count) })
        #expect(throws: CSVError(.recordTooLong(limit: 1 << 20), line: 2)) {
            _ = try reader.readHeader()
            while try reader.next() {}
        }
        #expect(read < 2 << 20)
        #expect(reader.bytesRead == read)
    }

    @Test(arguments: Kit.chunkSizes)
    func emptyFileIsEmptyDocument(chunk: Int) {
        for input: [UInt8] in [[], [0xEF, 0xBB, 0xBF], Kit.bytes("\n\r\n\n"), [0xEF, 0xBB, 0xBF, 0x0D]] {
            #expect(Kit.failure(input, chunk: chunk)?.kind == .emptyDocument)
        }
        #expect(Kit.failure([], chunk: chunk) == CSVError(.emptyDocument, line: 1))
    }

    @Test func readFailureIsReportedWithLine() {
        struct Broken: ByteSource, Error, CustomStringConvertible {
            var calls = 0
            var description: String { "disk on fire" }
            mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
                calls += 1
                guard calls == 1, let base = buffer.baseAddress else { throw self }
                let text: [UInt8] = Array("a,b\n1,2\n3".utf8)
                base.copyMemory(from: text, byteCount: text.count)
                return text.count
            }
        }
        let reader = CSVReader(source: Broken())
        #expect(throws: CSVError(.read("disk on fire"), line: 3)) {
            _ = try reader.readHeader()
            while try reader.next() {}
        }
    }

    @Test func errorsAreSticky() throws {
        let reader = CSVReader(source: MemoryByteSource(Kit.bytes("a\n1\n\"x\n")))
        _ = try reader.readHeader()
        #expect(try reader.next())
        let expected = CSVError(.unterminatedQuote, line: 3)
        #expect(throws: expected) { try reader.next() }
        #expect(throws: expected) { try reader.next() }
    }

    @Test func descriptionsSayWhatWhereAndWhatToDo() {
        let text = CSVError(.unterminatedQuote, line: 12).description
        #expect(text == "line 12: a quoted field starts here and is never closed;"
            + " close the quote (\") or escape inner quotes as \"\"")
        let kinds: [CSVError.Kind] = [
            .invalidUTF8, .unterminatedQuote, .recordTooLong(limit: 5), .emptyDocument, .read("x"),
        ]
        for kind in kinds {
            let description = CSVError(kind, line: 7).description
            #expect(description.hasPrefix("line 7: "))
            #expect(!description.contains("\n"))
        }
    }
}
