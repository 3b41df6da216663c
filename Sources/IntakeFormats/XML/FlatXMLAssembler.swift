import IntakeCore
import IntakeSystem
/// Builds one record per `<records><record>…</record></records>` element: the
/// record's leaf elements become fields keyed by their local names joined with
/// `.` (`<bank_details><bank_name>` → `bank_details.bank_name`).
///
/// Attributes are not read. An element without child elements is a value (its
/// text, trimmed; `<x/>` is an empty string); text mixed between child elements
/// is ignored.
///
/// Stored properties are `@exclusivity(unchecked)`: the object is confined to one
/// reader on one thread (not Sendable) and no access to a property overlaps another
/// access to the same property; the dynamic checks cost 5× the throughput here.
final class FlatXMLAssembler: XMLRecordAssembler {
    @exclusivity(unchecked) private var key: [UInt8] = []
    @exclusivity(unchecked) private var keyLengths: [Int] = []
    @exclusivity(unchecked) private var text: [UInt8] = []
    @exclusivity(unchecked) private var leaf = false
    @exclusivity(unchecked) private var count = 0

    init() {}

    func text(_ scanner: XMLScanner) {
        if scanner.depth >= 3 { scanner.appendText(to: &text) }
    }

    func start(_ scanner: XMLScanner, _ record: XMLCurrentRecord) throws(XMLError) {
        let depth = scanner.depth
        if !text.isEmpty { text.removeAll(keepingCapacity: true) }
        leaf = true
        if depth == 2 {
            guard scanner.localName.elementsEqual("record".utf8) else {
                throw XMLError(
                    .syntax,
                    "expected <record> inside <records>, found <\(String(decoding: scanner.qualifiedName, as: UTF8.self))>",
                    line: scanner.tokenLine)
            }
            count += 1
            record.fields.reset()
            record.rawStart = scanner.tokenStart
            record.line = scanner.tokenLine
            record.index = count
            record.group = 0
            scanner.pin = scanner.tokenStart
            scanner.pinLine = scanner.tokenLine
            key.removeAll(keepingCapacity: true)
            keyLengths.removeAll(keepingCapacity: true)
        } else if depth >= 3 {
            keyLengths.append(key.count)
            if depth > 3 { key.append(UInt8(ascii: ".")) }
            key.append(contentsOf: scanner.localName)
        }
    }

    func end(_ scanner: XMLScanner, _ record: XMLCurrentRecord) throws(XMLError) -> Bool {
        let depth = scanner.depth + 1
        let isLeaf = leaf
        leaf = false
        defer { if !text.isEmpty { text.removeAll(keepingCapacity: true) } }
        if depth >= 3 {
            if isLeaf {
                try checkFlattenedSize(record, limit: Self.flattenedLimit(scanner.maxRecordBytes))
                key.withUnsafeBufferPointer { key in
                    text.withUnsafeBufferPointer { record.fields.append(key: key, value: $0) }
                }
            }
            key.removeLast(key.count - (keyLengths.popLast() ?? 0))
            return false
        }
        guard depth == 2 else { return false }
        record.rawEnd = scanner.tokenEnd
        scanner.pin = nil
        return true
    }

    func finish(_ scanner: XMLScanner) throws(XMLError) {}

    /// Most bytes of keys and values one record may flatten to: every leaf repeats its
    /// ancestors' names, so a record of `maxRecordBytes` could otherwise produce
    /// gigabytes (a 60 KB element name around 50,000 `<a/>`).
    static func flattenedLimit(_ maxRecordBytes: Int) -> Int {
        maxRecordBytes > Int.max / 8 ? .max : maxRecordBytes * 4 + 4096
    }

    /// Throws `record_too_long` when the next field would take the record's keys and
    /// values past `limit` bytes.
    private func checkFlattenedSize(_ record: XMLCurrentRecord, limit: Int) throws(XMLError) {
        guard record.fields.byteCount + key.count + text.count > limit else { return }
        throw XMLError(
            .recordTooLong,
            "the record starting here flattens to more than \(limit) bytes of keys and values"
                + " (nested elements with long names repeat them for every value);"
                + " shorten the element names or split the record",
            line: record.line)
    }
}

@available(*, unavailable)
extension FlatXMLAssembler: Sendable {}
