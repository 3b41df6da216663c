import IntakeKit
import Testing
import IntakeTestSupport

/// Shared helpers for the XML reader tests: read a document through a chunk size
/// and collect what the reader reports.
enum XMLTestKit {
    /// Read sizes that put a chunk boundary at every position (1) and at odd ones.
    static let chunkSizes = [1, 3, 64, Int.max]

    /// One record: its fields in order as (key, value) pairs.
    typealias Fields = [Pair]

    /// A key and its value.
    struct Pair: Equatable, CustomStringConvertible {
        var key: String
        var value: String
        var description: String { "\(key)=\(value)" }
    }

    /// Everything the reader reported for one document.
    struct Parsed: Equatable {
        var records: [Fields] = []
        var paths: [String] = []
        var groups: [Int] = []
        var lines: [Int] = []
        var raw: [String] = []
        var observed: [UInt8] = []
        var bytesRead: Int64 = 0
        var painVersion: String?
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    static func pairs(_ list: KeyValuePairs<String, String>) -> Fields {
        list.map { Pair(key: $0.key, value: $0.value) }
    }

    /// Reads `input` in `chunk`-byte reads to the end.
    static func parse(
        _ input: [UInt8], chunk: Int = .max, options: XMLReaderOptions = .init()
    ) throws(XMLError) -> Parsed {
        var parsed = Parsed()
        var observed: [UInt8] = []
        let reader = XMLRecordReader(
            source: MemoryByteSource(input, maxChunk: chunk), options: options,
            observe: { observed.append(contentsOf: $0) })
        while try reader.next() {
            #expect(reader.recordIsObject)
            parsed.records.append(
                (0..<reader.fieldCount).map {
                    #expect(reader.kind($0) == .string)
                    return Pair(key: string(reader.key($0)), value: string(reader.value($0)))
                })
            parsed.paths.append(reader.path)
            parsed.groups.append(reader.group)
            parsed.lines.append(reader.line)
            parsed.raw.append(string(reader.rawRecord))
        }
        let again = try reader.next()
        #expect(!again, "the end is sticky")
        parsed.observed = observed
        parsed.bytesRead = reader.bytesRead
        parsed.painVersion = reader.painVersion
        return parsed
    }

    static func parse(_ text: String, chunk: Int = .max, options: XMLReaderOptions = .init()) throws(XMLError) -> Parsed {
        try parse(bytes(text), chunk: chunk, options: options)
    }

    /// The error reading `input` throws (checking it is thrown again), nil when it reads.
    static func failure(_ input: [UInt8], chunk: Int = .max, options: XMLReaderOptions = .init()) -> XMLError? {
        let reader = XMLRecordReader(source: MemoryByteSource(input, maxChunk: chunk), options: options)
        do {
            while try reader.next() {}
            return nil
        } catch {
            #expect(throws: error) { _ = try reader.next() }
            return error
        }
    }

    static func failure(_ text: String, chunk: Int = .max, options: XMLReaderOptions = .init()) -> XMLError? {
        failure(bytes(text), chunk: chunk, options: options)
    }
}
