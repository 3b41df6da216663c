import Foundation
import IntakeKit
import IntakeTestSupport

/// The committed libFuzzer corpora (`fuzz/corpus/csv|json|xml`), decoded the way the
/// harnesses decode an input (`fuzz/FuzzInput.swift`), for tests that replay them.
enum FuzzCorpus {
    /// One corpus file: the first byte picks the chunking and limits, the rest is the document.
    struct Input {
        var name: String
        var document: [UInt8]
        var chunk: Int
        /// (bufferSize, maxRecordBytes), nil for the reader's defaults.
        var limits: (buffer: Int, record: Int)?
        /// Bit 5 of the control byte: JSON Lines for JSON, headerless for CSV.
        var flag: Bool
    }

    static let chunks = [1, 2, 3, 7, 64, 4096, 1 << 16, Int.max]

    /// `fuzz/corpus/<parser>`, found from this file's path (the repository's root).
    static func directory(_ parser: String) -> URL {
        Repository.root
            .appendingPathComponent("fuzz/corpus/\(parser)")
    }

    /// Every file of the parser's corpus, sorted by name; empty when the folder is missing.
    static func inputs(_ parser: String) -> [Input] {
        let folder = directory(parser)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path),
                let control = data.first
            else { return nil }
            let limits: (buffer: Int, record: Int)?
            switch (control >> 3) & 0x03 {
            case 1: limits = (16, 16 << 20)
            case 2: limits = (16, 256)
            case 3: limits = (1 << 20, 4096)
            default: limits = nil
            }
            return Input(
                name: name, document: Array(data.dropFirst()), chunk: chunks[Int(control & 0x07)],
                limits: limits, flag: (control >> 5) & 1 == 1)
        }
    }
}
