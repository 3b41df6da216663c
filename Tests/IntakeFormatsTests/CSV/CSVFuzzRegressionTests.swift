import IntakeKit
import Testing
import IntakeTestSupport

/// The CSV reader's libFuzzer corpus (`fuzz/corpus/csv`), replayed: fuzzing found no
/// crash, hang or super-linear input for it, so the corpus stays as a regression suite.
@Suite struct CSVFuzzRegressionTests {
    @Test func everyCorpusInputReadsOrThrowsCSVError() {
        let inputs = FuzzCorpus.inputs("csv")
        #expect(inputs.count > 100, "fuzz/corpus/csv is missing or nearly empty")
        for input in inputs {
            var options = CSVReaderOptions()
            if let limits = input.limits {
                options.bufferSize = limits.buffer
                options.maxRecordBytes = limits.record
            }
            let reader = CSVReader(
                source: MemoryByteSource(input.document, maxChunk: input.chunk), options: options)
            do {
                if !input.flag { _ = try reader.readHeader() }
                while try reader.next() {
                    for i in 0..<reader.fieldCount { _ = reader.field(i).count }
                    #expect(!reader.rawRecord.isEmpty, "\(input.name): a record without bytes")
                }
                #expect(reader.bytesRead == Int64(input.document.count), "\(input.name)")
            } catch {
                // A CSVError ends the document: an expected outcome for hostile input.
                #expect(!error.description.isEmpty)
            }
        }
    }
}
