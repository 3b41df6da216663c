import Foundation
import Testing

@testable import IntakeKit
import IntakeTestSupport

/// The committed `.xlsx` fuzz corpus (fuzz/corpus/xlsx, made by fuzz/run.sh xlsx),
/// replayed as the harness reads it: every input opens and reads to its end or
/// throws an ``XLSXError``, under each input's chunking and limits profile.
@Suite struct XLSXFuzzRegressionTests {
    @Test func everyCorpusInputReadsOrThrowsXLSXError() throws {
        let inputs = FuzzCorpus.inputs("xlsx")
        #expect(inputs.count > 50, "the corpus is committed")
        var read = 0
        for input in inputs {
            let folder = FuzzCorpus.directory("xlsx")
            let control = try #require(FileManager.default.contents(atPath: folder.appendingPathComponent(input.name).path)?.first)
            do throws(XLSXError) {
                let workbook = try XLSXWorkbook.open(
                    source: MemoryRandomAccessSource(input.document, maxChunk: input.chunk), limits: xlsxFuzzLimits(Int((control >> 3) & 0x03)))
                for sheet in workbook.sheets where sheet.part != nil {
                    let reader = try workbook.rows(of: sheet)
                    while try reader.advance() {}
                }
                read += 1
            } catch {
                #expect(!error.code.isEmpty && !error.message.isEmpty, "\(input.name)")
            }
        }
        #expect(read > 0, "some corpus inputs are whole workbooks")
    }
}
