import IntakeCore
import IntakeSystem
/// The message of a header that lacks required columns: what was read, how,
/// and which columns look like a misspelt field.
extension HeaderMapping {
    /// Columns of the header shown in the message.
    static let shownColumns = 8

    /// `the header lacks the required column payment_id; …`, with the header as
    /// read (its first columns), the encoding and delimiter used, and near misses.
    static func missingMessage(_ missing: [String], header: [String], unknown: [String], context: Context) -> String {
        var parts = [
            "the header (\(context.place)) lacks the required column\(missing.count > 1 ? "s" : "") "
                + missing.joined(separator: ", ")
        ]
        let shown = header.prefix(shownColumns).map { "\"\($0)\"" }.joined(separator: ", ")
        let more = header.count > shownColumns ? ", … (\(header.count) columns)" : ""
        var how: [String] = []
        if let encoding = context.encoding { how.append("as \(encoding)") }
        if let delimiter = context.delimiter { how.append("split on \(delimiterName(delimiter))") }
        parts.append("read\(how.isEmpty ? "" : " " + how.joined(separator: ", ")): \(shown)\(more)")
        var guesses: [String] = []
        for name in missing {
            if let near = unknown.min(by: { distance(normalize($0), name) < distance(normalize($1), name) }),
                distance(normalize(near), name) <= max(1, min(3, name.count / 4))
            {
                guesses.append("\"\(near)\" → did you mean \(name)?")
            }
        }
        if !guesses.isEmpty { parts.append(guesses.joined(separator: "; ")) }
        parts.append(
            "add the missing column\(missing.count > 1 ? "s" : "") to the header (names are matched ignoring case and spaces)"
                + (header.count == 1 && context.delimiter != nil ? ", or check the delimiter (Excel's first line sep=; sets it)" : ""))
        return parts.joined(separator: "; ")
    }

    /// How a delimiter is named in a message.
    static func delimiterName(_ byte: UInt8) -> String {
        switch byte {
        case 0x09: "tab"
        case 0x2C: "',' (comma)"
        case 0x3B: "';' (semicolon)"
        case 0x7C: "'|' (pipe)"
        default: "'\(Character(Unicode.Scalar(byte)))'"
        }
    }

    /// Levenshtein distance between two names (short strings: a header's).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
