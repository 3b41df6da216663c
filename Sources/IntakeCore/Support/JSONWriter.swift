/// The one way Intake writes JSON: a ``JSONValue`` to text, compact (one line, as in
/// the catalogue and `--json` lines), pretty (two spaces per level and `"key" : value`,
/// as `result.json` has always looked) or as a document for people (`"key": value`,
/// arrays of strings on one line: the corridor schemas).
///
/// Strings are escaped the same way everywhere: `"` and `\` with a backslash, `\n`,
/// `\r` and `\t` by name, other control characters as `\u00XX`; `/`, DEL, U+2028 and
/// U+2029 are written as they are (valid JSON; Swift strings are valid Unicode, so a
/// document's invalid UTF-8 arrives here already replaced by U+FFFD).
///
/// Streaming: an array too large to hold (the thousands of `progress` rows) is written
/// element by element with ``arrayElement(_:index:level:)`` (into a spill file, say),
/// and ``write(_:streamedKey:stream:)`` writes the document around it.
package struct JSONWriter: Sendable {
    /// How the text is laid out.
    package enum Layout: Sendable {
        /// One line, no spaces.
        case compact
        /// Two spaces per level, `"key" : value`.
        case pretty
        /// Two spaces per level, `"key": value`, arrays of strings on one line.
        case document
    }

    /// The UTF-8 written so far (bytes are cheaper to append to than a `String`).
    private var bytes: [UInt8] = []
    private var layout: Layout

    /// An empty writer.
    package init(_ layout: Layout = .compact) { self.layout = layout }

    /// The text written so far (see ``take()``).
    package var text: String { String(decoding: bytes, as: UTF8.self) }

    /// `value` as compact JSON text.
    package static func text(_ value: JSONValue) -> String {
        var writer = JSONWriter()
        writer.write(value)
        return writer.text
    }

    /// `value` as pretty JSON text (or laid out as a document), ending with a newline.
    package static func pretty(_ value: JSONValue, layout: Layout = .pretty) -> String {
        var writer = JSONWriter(layout)
        writer.write(value)
        writer.bytes.append(0x0A)
        return writer.text
    }

    /// Hands over the text written so far and forgets it (the writer goes on where it was).
    package mutating func take() -> String {
        defer { bytes.removeAll(keepingCapacity: true) }
        return text
    }

    /// Appends `value` at nesting `level`.
    package mutating func write(_ value: JSONValue, level: Int = 0) {
        write(value, level: level, streamedKey: nil) { (_: inout JSONWriter) throws(Never) in 0 }
    }

    /// Appends `value`, whose member named `streamedKey` (at the top level) is an array
    /// written by `stream`: it gets the writer after the `[`, appends or hands on the
    /// elements (``arrayElement(_:index:level:)``, level 2) and returns how many there were.
    package mutating func write<Failure: Error>(
        _ value: JSONValue, streamedKey: String, stream: (inout JSONWriter) throws(Failure) -> Int
    ) throws(Failure) {
        try write(value, level: 0, streamedKey: streamedKey, stream: stream)
    }

    /// One element of a streamed array whose elements sit at `level` of a pretty
    /// document, with its separator (`index` counts from 0); the element itself is
    /// compact, one line per element.
    package static func arrayElement(_ value: JSONValue, index: Int, level: Int) -> String {
        var writer = JSONWriter(.pretty)
        if index > 0 { writer.bytes.append(0x2C) }
        writer.newline(level)
        writer.layout = .compact
        writer.write(value)
        return writer.text
    }

    /// `text` as a JSON string literal.
    package static func quoted(_ text: String) -> String {
        var writer = JSONWriter()
        writer.appendQuoted(text)
        return writer.text
    }

    private mutating func write<Failure: Error>(
        _ value: JSONValue, level: Int, streamedKey: String?, stream: (inout JSONWriter) throws(Failure) -> Int
    ) throws(Failure) {
        switch value {
        case .null, .absent: bytes.append(contentsOf: "null".utf8)
        case .bool(let flag): bytes.append(contentsOf: (flag ? "true" : "false").utf8)
        case .int(let number): bytes.append(contentsOf: String(number).utf8)
        case .number(let literal), .written(let literal): bytes.append(contentsOf: literal.utf8)
        case .string(let string): appendQuoted(string)
        case .array(let items) where layout == .document && items.allSatisfy(\.isString):
            bytes.append(0x5B)
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(contentsOf: ", ".utf8) }
                write(item, level: level + 1)
            }
            bytes.append(0x5D)
        case .array(let items):
            bytes.append(0x5B)
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(0x2C) }
                newline(level + 1)
                write(item, level: level + 1)
            }
            if !items.isEmpty { newline(level) }
            bytes.append(0x5D)
        case .object(let members):
            bytes.append(0x7B)
            var count = 0
            for (key, member) in members {
                if case .absent = member { continue }
                if count > 0 { bytes.append(0x2C) }
                count += 1
                newline(level + 1)
                appendQuoted(key)
                switch layout {
                case .compact: bytes.append(0x3A)
                case .pretty: bytes.append(contentsOf: " : ".utf8)
                case .document: bytes.append(contentsOf: ": ".utf8)
                }
                if key == streamedKey {
                    bytes.append(0x5B)
                    if try stream(&self) > 0 { newline(level + 1) }
                    bytes.append(0x5D)
                } else {
                    write(member, level: level + 1)
                }
            }
            if count > 0 { newline(level) }
            bytes.append(0x7D)
        }
    }

    private mutating func newline(_ level: Int) {
        guard layout != .compact else { return }
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(0x20, count: 2 * level))
    }

    /// Appends `string` quoted; a byte at a time is exact because only ASCII bytes are
    /// escaped and a Swift string is valid UTF-8.
    private mutating func appendQuoted(_ string: String) {
        bytes.append(0x22)
        var string = string
        string.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                appendEscape(byte)
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(0x22)
    }

    private mutating func appendEscape(_ byte: UInt8) {
        bytes.append(0x5C)
        switch byte {
        case 0x22, 0x5C: bytes.append(byte)
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: "u00".utf8)
            bytes.append(hex[Int(byte >> 4)])
            bytes.append(hex[Int(byte & 0x0F)])
        }
    }
}
