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

    /// The text written so far (see ``take()``).
    package private(set) var text = ""
    let layout: Layout

    /// An empty writer.
    package init(_ layout: Layout = .compact) { self.layout = layout }

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
        return writer.text + "\n"
    }

    /// Hands over the text written so far and forgets it (the writer goes on where it was).
    package mutating func take() -> String {
        defer { text = "" }
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
        if index > 0 { writer.text += "," }
        writer.newline(level)
        return writer.text + text(value)
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
        case .null, .absent: text += "null"
        case .bool(let flag): text += flag ? "true" : "false"
        case .int(let number): text += String(number)
        case .number(let literal), .written(let literal): text += literal
        case .string(let string): appendQuoted(string)
        case .array(let items) where layout == .document && items.allSatisfy(\.isString):
            text += "["
            for (index, item) in items.enumerated() {
                if index > 0 { text += ", " }
                write(item, level: level + 1)
            }
            text += "]"
        case .array(let items):
            text += "["
            for (index, item) in items.enumerated() {
                if index > 0 { text += "," }
                newline(level + 1)
                write(item, level: level + 1)
            }
            if !items.isEmpty { newline(level) }
            text += "]"
        case .object(let members):
            text += "{"
            var count = 0
            for (key, member) in members {
                if case .absent = member { continue }
                if count > 0 { text += "," }
                count += 1
                newline(level + 1)
                appendQuoted(key)
                text += layout == .pretty ? " : " : layout == .document ? ": " : ":"
                if key == streamedKey {
                    text += "["
                    if try stream(&self) > 0 { newline(level + 1) }
                    text += "]"
                } else {
                    write(member, level: level + 1)
                }
            }
            if count > 0 { newline(level) }
            text += "}"
        }
    }

    private mutating func newline(_ level: Int) {
        guard layout != .compact else { return }
        text += "\n" + String(repeating: "  ", count: level)
    }

    private mutating func appendQuoted(_ string: String) {
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            text += "\"" + string + "\""
            return
        }
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }
}
