import Foundation
import Testing

@testable import IntakeKit
import IntakeTestSupport

/// The gzip and zip layers on files made by the real `gzip` and `zip`, then
/// cut and flipped at seeded random places and read in chunks of every size:
/// each read ends with the document's exact bytes or a document failure with
/// the layer's code, never a crash, a hang or other bytes passed as the document.
@Suite struct LayerMutationTests {
    static let document = Array((PaymentsCSV.mixed + String(repeating: PaymentsCSV.valid[0], count: 200)).utf8)

    static func layer(_ name: String) throws -> any DocumentLayer {
        try #require(DocumentHandlers.standard.layers.first { $0.name == name })
    }

    /// Reads `input` through `layer` in chunks of `chunk`: the bytes, or the failure.
    static func read(_ layer: any DocumentLayer, _ input: LayerInput, chunk: Int) -> Result<[UInt8], DocumentFailure> {
        let context = LayerContext(documentExtension: "csv", maxFileBytes: 1 << 30, keysFolder: "/nonexistent")
        do {
            var source = try layer.open(input, context: context)
            var out: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: chunk)
            while true {
                let count = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
                if count == 0 { return .success(out) }
                out += buffer[0..<count]
                if out.count > 64 << 20 { return .failure(DocumentFailure("runaway", "more than 64 MiB")) }
            }
        } catch let failure as DocumentFailure {
            return .failure(failure)
        } catch {
            return .failure(DocumentFailure("other", "\(error)"))
        }
    }

    static func mutations(of bytes: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
        var rng = JSONTestKit.RNG(seed: seed)
        return (0..<count).map { index in
            var copy = bytes
            if index % 3 == 0 {
                return Array(copy.prefix(Int(rng.next() % UInt64(copy.count))))
            }
            for _ in 0...(index % 4) {
                let at = Int(rng.next() % UInt64(copy.count))
                copy[at] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
            }
            return copy
        }
    }

    @Test func mutatedGzipEndsWithTheDocumentOrItsCode() throws {
        let files = try LayeredFiles()
        let gz = try files.gzip("june.csv", Self.document)
        let gzip = try Self.layer("gzip")
        for chunk in [1, 7, 4096, 1 << 16] {
            guard case .success(let bytes) = Self.read(gzip, .memory(gz), chunk: chunk) else {
                Issue.record("the intact file failed in chunks of \(chunk)")
                continue
            }
            #expect(bytes == Self.document)
        }
        for (index, mutated) in Self.mutations(of: gz, count: 300, seed: 28).enumerated() {
            switch Self.read(gzip, .stream(MemoryByteSource(mutated, maxChunk: 1 + index % 97)), chunk: 1 + index % 5000) {
            case .success(let bytes):
                // A flip in the header's optional fields or the OS byte may leave the data intact.
                #expect(bytes == Self.document, "mutation \(index) passed other bytes as the document")
            case .failure(let failure):
                #expect(failure.error.code == "gzip_invalid", "mutation \(index): \(failure.error.code) \(failure.error.message)")
            }
        }
    }

    @Test func mutatedZipEndsWithTheDocumentOrItsCode() throws {
        let files = try LayeredFiles()
        let zip = try files.zip("june.zip", [("june.csv", Self.document)])
        let layer = try Self.layer("zip")
        guard case .success(let intact) = Self.read(layer, .memory(zip), chunk: 4096) else {
            Issue.record("the intact archive failed")
            return
        }
        #expect(intact == Self.document)
        for (index, mutated) in Self.mutations(of: zip, count: 300, seed: 2028).enumerated() {
            switch Self.read(layer, .memory(mutated), chunk: 1 + index % 5000) {
            case .success(let bytes):
                // Bytes ZIP does not check (times, extra fields, comments) may change freely.
                #expect(bytes == Self.document, "mutation \(index) passed other bytes as the document")
            case .failure(let failure):
                #expect(["zip_invalid", "archive_contents", "decompression_limit"].contains(failure.error.code),
                        "mutation \(index): \(failure.error.code) \(failure.error.message)")
            }
        }
    }
}
