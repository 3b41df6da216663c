@testable import IntakeKit
import Testing
import IntakeTestSupport

/// Shared helpers for the JSON reader tests: parse a document through every chunk
/// size and collect what the reader reports, as plain values that compare.
enum JSONTestKit {
    /// Read sizes that put a chunk boundary at every position (1) and at odd ones.
    static let chunkSizes = [1, 2, 3, 7, 64, Int.max]

    /// One flattened value.
    struct Field: Equatable, CustomStringConvertible {
        var key: String
        var value: String
        var kind: FlatValueKind
        var description: String { "\(key)=\(value)(\(kind))" }
    }

    /// Everything the reader reported for one document.
    struct Parsed: Equatable {
        var records: [[Field]] = []
        var isObject: [Bool] = []
        var raw: [String] = []
        var lines: [Int] = []
        var paths: [String] = []
        var indexes: [Int] = []
        var syntaxErrors: [String?] = []
        var shape: JSONDocumentShape?
        var bodyType: String?
        var updatePayments: Bool?
        var observed: [UInt8] = []
        var bytesRead: Int64 = 0
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// The current record's fields.
    static func fields<Source>(_ reader: JSONRecordReader<Source>) -> [Field] {
        (0..<reader.fieldCount).map {
            Field(
                key: string(reader.key($0)), value: string(reader.value($0)),
                kind: reader.kind($0))
        }
    }

    /// Parses `input` cut into `chunk`-byte reads.
    static func parse(
        _ input: [UInt8], chunk: Int = .max, lines: Bool = false,
        options: JSONReaderOptions = .init()
    ) throws(JSONError) -> Parsed {
        var parsed = Parsed()
        var observed: [UInt8] = []
        let reader = JSONRecordReader(
            source: MemoryByteSource(input, maxChunk: chunk), lines: lines, options: options,
            observe: { observed.append(contentsOf: $0) })
        while try reader.next() {
            parsed.records.append(fields(reader))
            parsed.isObject.append(reader.recordIsObject)
            parsed.raw.append(string(reader.rawRecord))
            parsed.lines.append(reader.line)
            parsed.paths.append(reader.path)
            parsed.indexes.append(reader.index)
            parsed.syntaxErrors.append(reader.syntaxError)
            #expect(reader.group == 0)
        }
        let again = try reader.next()
        #expect(!again, "end of input is sticky")
        #expect(reader.fieldCount == 0)
        parsed.shape = reader.shape
        parsed.bodyType = reader.bodyType
        parsed.updatePayments = reader.updatePayments
        parsed.observed = observed
        parsed.bytesRead = reader.bytesRead
        return parsed
    }

    static func parse(
        _ text: String, chunk: Int = .max, lines: Bool = false,
        options: JSONReaderOptions = .init()
    ) throws(JSONError) -> Parsed {
        try parse(bytes(text), chunk: chunk, lines: lines, options: options)
    }

    /// Parses `input` with every chunk size, checks they all agree, returns the result.
    static func parseAllChunks(
        _ input: [UInt8], lines: Bool = false, options: JSONReaderOptions = .init()
    ) throws(JSONError) -> Parsed {
        let whole = try parse(input, lines: lines, options: options)
        for chunk in chunkSizes.dropLast() {
            let cut = try parse(input, chunk: chunk, lines: lines, options: options)
            #expect(cut == whole, "chunk \(chunk) differs")
        }
        #expect(whole.observed == input)
        #expect(whole.bytesRead == Int64(input.count))
        return whole
    }

    static func parseAllChunks(
        _ text: String, lines: Bool = false, options: JSONReaderOptions = .init()
    ) throws(JSONError) -> Parsed {
        try parseAllChunks(bytes(text), lines: lines, options: options)
    }

    /// The error parsing `input` throws, nil when it parses.
    static func failure(
        _ input: [UInt8], chunk: Int = .max, lines: Bool = false,
        options: JSONReaderOptions = .init()
    ) -> JSONError? {
        do {
            _ = try parse(input, chunk: chunk, lines: lines, options: options)
            return nil
        } catch {
            return error
        }
    }

    static func failure(
        _ text: String, chunk: Int = .max, lines: Bool = false,
        options: JSONReaderOptions = .init()
    ) -> JSONError? {
        failure(bytes(text), chunk: chunk, lines: lines, options: options)
    }

    /// The error code for `input`, the same for every chunk size (nil when it parses).
    static func code(
        _ text: String, lines: Bool = false, options: JSONReaderOptions = .init()
    ) -> String? {
        codeAllChunks(bytes(text), lines: lines, options: options)
    }

    static func codeAllChunks(
        _ input: [UInt8], lines: Bool = false, options: JSONReaderOptions = .init()
    ) -> String? {
        let whole = failure(input, lines: lines, options: options)
        for chunk in chunkSizes.dropLast() {
            let cut = failure(input, chunk: chunk, lines: lines, options: options)
            #expect(cut == whole, "chunk \(chunk) fails differently for \(string(input))")
        }
        return whole?.code
    }

    static func string(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    static func field(_ key: String, _ value: String, _ kind: FlatValueKind = .string) -> Field {
        Field(key: key, value: value, kind: kind)
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
