import IntakeKit
import Testing
import IntakeTestSupport

/// The JSON reader's libFuzzer corpus (`fuzz/corpus/json`), replayed in the mode each
/// input selects (array or JSON Lines): fuzzing found no crash, hang or super-linear
/// input for it, so the corpus stays as a regression suite.
@Suite struct JSONFuzzRegressionTests {
    @Test func everyCorpusInputReadsOrThrowsJSONError() {
        let inputs = FuzzCorpus.inputs("json")
        #expect(inputs.count > 100, "fuzz/corpus/json is missing or nearly empty")
        for input in inputs {
            var options = JSONReaderOptions()
            if let limits = input.limits {
                options.bufferSize = limits.buffer
                options.maxRecordBytes = limits.record
                options.maxDepth = 8
                options.maxEnvelopeValueBytes = 32
            }
            let reader = JSONRecordReader(
                source: MemoryByteSource(input.document, maxChunk: input.chunk), lines: input.flag,
                options: options)
            do {
                while try reader.next() {
                    for i in 0..<reader.fieldCount {
                        _ = reader.key(i).count + reader.value(i).count
                        _ = reader.kind(i)
                    }
                    _ = reader.rawRecord.count + reader.path.utf8.count + reader.line
                }
                #expect(reader.bytesRead == Int64(input.document.count), "\(input.name)")
            } catch {
                #expect(!error.code.isEmpty)
            }
        }
    }
}
