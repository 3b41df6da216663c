import IntakeKit
import Testing
import IntakeTestSupport

/// Shared helpers for the CSV reader tests: parse a document through every chunk size,
/// collect what the reader reports, and a small deterministic PRNG.
enum CSVTestKit {
    /// Read sizes that put a chunk boundary at every position (1) and at odd ones.
    static let chunkSizes = [1, 2, 3, 7, 64, Int.max]

    /// Everything the reader reported for one document.
    struct Parsed: Equatable {
        var header: [String] = []
        var records: [[String]] = []
        var lines: [Int] = []
        var raw: [[UInt8]] = []
        var malformed: [Int?] = []
        var delimiter: UInt8 = 0
        var observed: [UInt8] = []
        var bytesRead: Int64 = 0
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func string(_ field: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: field, as: UTF8.self)
    }

    /// Parses `input` cut into `chunk`-byte reads; `header: false` skips `readHeader()`.
    static func parse(
        _ input: [UInt8], chunk: Int, header: Bool = true,
        options: CSVReaderOptions = .init()
    ) throws(CSVError) -> Parsed {
        var parsed = Parsed()
        var observed: [UInt8] = []
        let reader = CSVReader(
            source: MemoryByteSource(input, maxChunk: chunk), options: options,
            observe: { observed.append(contentsOf: $0) })
        if header { parsed.header = try reader.readHeader() }
        while try reader.next() {
            parsed.records.append((0..<reader.fieldCount).map { string(reader.field($0)) })
            parsed.lines.append(reader.line)
            parsed.raw.append(Array(reader.rawRecord))
            parsed.malformed.append(reader.malformedField)
        }
        let again = try reader.next()
        #expect(!again, "end of input is sticky")
        parsed.delimiter = reader.delimiter
        parsed.observed = observed
        parsed.bytesRead = reader.bytesRead
        return parsed
    }

    static func parse(
        _ text: String, chunk: Int, header: Bool = true, options: CSVReaderOptions = .init()
    ) throws(CSVError) -> Parsed {
        try parse(bytes(text), chunk: chunk, header: header, options: options)
    }

    /// The error parsing `input` throws, nil when it parses.
    static func failure(
        _ input: [UInt8], chunk: Int, options: CSVReaderOptions = .init()
    ) -> CSVError? {
        do {
            _ = try parse(input, chunk: chunk, options: options)
            return nil
        } catch {
            return error
        }
    }

    /// SplitMix64: tiny, seeded, the same sequence on every platform.
    struct RNG: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
