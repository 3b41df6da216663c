@testable import IntakeFormats
@testable import IntakeKit
import Testing
import IntakeTestSupport

/// Inputs found by fuzzing and probing the XML reader (fuzz/README.md), kept as
/// regression tests: each must end in records or an `XMLError`, in bounded memory.
@Suite struct XMLFuzzRegressionTests {
    typealias Kit = XMLTestKit

    /// A flat record whose leaves sit under one long element name repeated that name
    /// in every key: 0.2 MiB of input took 2 GiB, 0.4 MiB exhausted memory. The
    /// flattened keys and values are now capped at 4 × `maxRecordBytes` + 4 KiB.
    @Test(arguments: [1, 4096, Int.max])
    func longElementNameAroundManyLeavesIsRecordTooLong(chunk: Int) {
        var options = XMLReaderOptions()
        options.maxRecordBytes = 64 << 10
        let name = String(repeating: "n", count: 2_000)
        let leaves = String(repeating: "<a/>", count: 150)
        let document = "<records><record><\(name)>\(leaves)</\(name)></record></records>"
        let error = Kit.failure(document, chunk: chunk, options: options)
        #expect(error?.kind == .recordTooLong)
        #expect(error?.line == 1)
        #expect(error?.message.contains("flattens to more than \(4 * (64 << 10) + 4096) bytes") == true)
    }

    /// The probe's shape with the default limits: a 60,000-byte name around 50,000
    /// `<a/>` (260 KB) would have flattened to 3 GB.
    @Test func probeShapeWithDefaultLimitsIsRecordTooLong() {
        let name = String(repeating: "n", count: 60_000)
        let leaves = String(repeating: "<a/>", count: 50_000)
        let document = "<records><record><\(name)>\(leaves)</\(name)></record></records>"
        #expect(Kit.failure(document)?.kind == .recordTooLong)
    }

    /// Just under the cap still reads: nested names are repeated per leaf as before.
    @Test func nestedRecordUnderTheCapReads() throws {
        var options = XMLReaderOptions()
        options.maxRecordBytes = 64 << 10
        let name = String(repeating: "n", count: 2_000)
        let leaves = String(repeating: "<a>1</a>", count: 100)
        let document = "<records><record><\(name)>\(leaves)</\(name)></record><record><b>2</b></record></records>"
        let parsed = try Kit.parse(document, chunk: 7, options: options)
        #expect(parsed.records.count == 2)
        #expect(parsed.records.first?.count == 100)
        #expect(parsed.records.first?.first?.key == name + ".a")
        #expect(parsed.records.last?.first?.value == "2")
    }

    /// A token cut by the end of the buffered bytes was rescanned from its start after
    /// every read: with 4 KiB reads an unterminated 8 MiB comment took 16 s, a CDATA
    /// section 20 s, a start tag with 256 long attribute names 21 s (quadratic). The
    /// scanner now waits until the unfinished token has doubled before rescanning.
    @Test(arguments: [
        "<records><!--", "<records><record><a><![CDATA[", "<records a=\"", "<records><record><a",
    ])
    func longUnfinishedTokenInShortReadsIsLinear(opening: String) {
        var input = Kit.bytes(opening)
        input.append(contentsOf: repeatElement(UInt8(ascii: "x"), count: 4 << 20))
        let reader = XMLRecordReader(source: MemoryByteSource(input, maxChunk: 4096))
        var failure: XMLError?
        do {
            while try reader.next() {}
        } catch {
            failure = error
        }
        #expect(failure?.kind == .truncated)
        // 1,024 reads: rescanning after each was the quadratic behaviour; waiting for the
        // cut token to double needs about log2(1024) rescans, plus one per buffer growth.
        #expect(reader.tokenRescans < 40, "\(reader.tokenRescans) rescans for 1,024 reads")
    }

    /// The same tokens, closed, still read the same in every chunking (the rescan waits
    /// for more input but never skips a token's end).
    @Test(arguments: [1, 2, 3, 7, 64, 4096])
    func tokensLongerThanOneReadStillParse(chunk: Int) throws {
        let long = String(repeating: "y", count: 10_000)
        let document =
            "<records><!-- \(long) --><record \(long)=\"\(long)\"><a><![CDATA[\(long)]]></a>"
            + "<\(long)>v</\(long)></record></records>"
        let parsed = try Kit.parse(document, chunk: chunk)
        #expect(parsed.records == [[Kit.Pair(key: "a", value: long), Kit.Pair(key: long, value: "v")]])
    }

    /// The committed libFuzzer corpus (`fuzz/corpus/xml`), replayed: every input reads
    /// to the end or throws an `XMLError`.
    @Test func everyCorpusInputReadsOrThrowsXMLError() {
        let inputs = FuzzCorpus.inputs("xml")
        #expect(inputs.count > 100, "fuzz/corpus/xml is missing or nearly empty")
        for input in inputs {
            var options = XMLReaderOptions()
            if let limits = input.limits {
                options.bufferSize = limits.buffer
                options.maxRecordBytes = limits.record
                options.maxDepth = 8
            }
            let reader = XMLRecordReader(
                source: MemoryByteSource(input.document, maxChunk: input.chunk), options: options)
            do {
                while try reader.next() {
                    for i in 0..<reader.fieldCount { _ = reader.key(i).count + reader.value(i).count }
                    _ = reader.rawRecord.count + reader.path.utf8.count + reader.line
                }
                #expect(reader.bytesRead == Int64(input.document.count), "\(input.name)")
            } catch {
                #expect(!error.code.isEmpty)
            }
        }
    }
}
