import Foundation

@testable import IntakeFormats
@testable import IntakeKit
@testable import IntakeSystem
import IntakeTestSupport

/// A format only the tests know: one record per line, `field=value` pairs
/// separated by `|`. What a new format's folder would hold, in one file.
struct KeyValueHandler: DocumentHandler {
    static let failedLine =
        "payment_id=PAY-2|amount=-5|currency=EUR|due_date=2026-06-02|beneficiary_name=Hans|beneficiary_iban=DE89370400440532013000|beneficiary_bic=COBADEFFXXX|beneficiary_country=DE"
    static let lines =
        "payment_id=PAY-1|amount=100.00|currency=EUR|due_date=2026-06-01|beneficiary_name=Marie Dubois|beneficiary_iban=FR7630006000011234567890189|beneficiary_bic=SOGEFRPP|beneficiary_country=FR\n"
        + failedLine + "\n"

    /// Whether the document's final check fails it.
    var refuseAtEnd = false

    var format: DocumentFormat { DocumentFormat(rawValue: "kv") }
    var extensions: [String] { ["kv"] }

    func open(_ input: DocumentInput) throws -> OpenedKeyValue {
        var source = input.decodedText()
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        return OpenedKeyValue(cursor: KeyValueCursor(bytes, schema: input.schema), refuseAtEnd: refuseAtEnd)
    }
}

struct OpenedKeyValue: OpenedDocument {
    let cursor: KeyValueCursor
    let refuseAtEnd: Bool

    var rejectedExtension: String { "kv" }

    func makeRejectedWriter(path: String, mode: UInt32, sealer: (any FileSealer)?) throws(SystemError) -> any RejectedRecordsWriter {
        KeyValueRejectedWriter(path: path)
    }

    func finalCheck() throws(DocumentFailure) {
        if refuseAtEnd { throw DocumentFailure("kv_refused", "refused at the end") }
    }

    var updatePayments: Bool? { true }

    var warnings: [RowIssue] {
        [RowIssue(Issue("kv_read", field: "", description: "read as key=value lines", severity: .warning))]
    }
}

final class KeyValueCursor: RecordCursor {
    private let text: UnsafeMutableBufferPointer<UInt8>
    /// Bytes of the document in `text`.
    private let limit: Int
    private let schema: RecordSchema
    private var ranges: [Range<Int>?]
    private var lineStart = 0
    private var lineEnd = 0
    private var nextStart = 0
    private var line = 0

    init(_ bytes: [UInt8], schema: RecordSchema) {
        text = .allocate(capacity: max(bytes.count, 1))
        _ = text.initialize(from: bytes)
        self.schema = schema
        ranges = Array(repeating: nil, count: schema.fields.count)
        limit = bytes.count
    }

    deinit { text.deallocate() }

    func next() throws -> Bool {
        guard nextStart < limit else { return false }
        lineStart = nextStart
        line += 1
        var end = lineStart
        while end < limit && text[end] != 0x0A { end += 1 }
        lineEnd = end
        nextStart = end + 1
        for index in ranges.indices { ranges[index] = nil }
        var start = lineStart
        while start < lineEnd {
            var stop = start
            while stop < lineEnd && text[stop] != UInt8(ascii: "|") { stop += 1 }
            if let equals = (start..<stop).first(where: { text[$0] == UInt8(ascii: "=") }) {
                let key = String(decoding: UnsafeBufferPointer(rebasing: text[start..<equals]), as: UTF8.self)
                if let field = schema.index(of: key) { ranges[field] = (equals + 1)..<stop }
            }
            start = stop + 1
        }
        return true
    }

    func rawValue(_ field: Int) -> UnsafeBufferPointer<UInt8>? {
        ranges[field].map { UnsafeBufferPointer(rebasing: text[$0]) }
    }

    func shapeIssues(into issues: inout [Issue]) {}
    var failsWhole: Bool { false }
    var reportedLine: Int? { line }
    var position: String? { nil }
    var group: Int { 0 }
    var raw: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: text[lineStart..<lineEnd]) }
    var bytesRead: Int64 { Int64(nextStart) }
}

final class KeyValueRejectedWriter: RejectedRecordsWriter {
    private let path: String
    private var bytes: [UInt8] = []

    init(path: String) { self.path = path }

    func add(raw: UnsafeBufferPointer<UInt8>, group: Int) throws(SystemError) {
        bytes += raw
        bytes.append(0x0A)
    }

    func commit() throws(SystemError) {
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    }
}
