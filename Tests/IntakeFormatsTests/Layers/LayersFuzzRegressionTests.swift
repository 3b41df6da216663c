import Foundation
import Testing

@testable import IntakeKit
import IntakeTestSupport

/// The committed gzip and zip fuzz corpus (fuzz/corpus/layers, made by
/// fuzz/run.sh layers), replayed as fuzz/LayersFuzz.swift reads it: every
/// input ends with the bytes inside, never more than its `max_file_bytes`,
/// or a document failure with its code and message.
@Suite struct LayersFuzzRegressionTests {
    @Test func everyCorpusInputEndsWithItsBytesOrACode() throws {
        let inputs = FuzzCorpus.inputs("layers")
        #expect(inputs.count > 20, "the corpus is committed")
        var read = 0
        var refused = 0
        for input in inputs {
            let folder = FuzzCorpus.directory("layers")
            let control = try #require(FileManager.default.contents(atPath: folder.appendingPathComponent(input.name).path)?.first)
            let profile = Int((control >> 3) & 0x03)
            let maxBytes: Int64 = [1 << 30, 1 << 20, 64 << 10, 16 << 20][profile]
            let zip = (control >> 5) & 1 == 1
            let layer = try #require(DocumentHandlers.standard.layers.first { $0.name == (zip ? "zip" : "gzip") })
            let context = LayerContext(documentExtension: "csv", maxFileBytes: maxBytes, keysFolder: "/nonexistent")
            let layerInput: LayerInput = zip || (control >> 6) & 1 == 1
                ? .memory(input.document) : .stream(MemoryByteSource(input.document, maxChunk: input.chunk))
            do {
                let consumed = ByteCount()
                let opened = try layer.open(layerInput, context: context)
                var source: any ByteSource = layer.limitsItself
                    ? opened : LimitedSource(opened, name: layer.name, consumed: consumed, limits: LayerLimits(maxBytes: maxBytes))
                var buffer = [UInt8](repeating: 0, count: min(input.chunk, 1 << 16))
                var produced: Int64 = 0
                while true {
                    let count = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
                    if count == 0 { break }
                    produced += Int64(count)
                    #expect(produced <= maxBytes, "\(input.name)")
                }
                read += 1
            } catch let failure as DocumentFailure {
                refused += 1
                #expect(!failure.error.code.isEmpty && !failure.error.message.isEmpty, "\(input.name)")
            }
        }
        #expect(read > 0 && refused > 0)
    }
}
