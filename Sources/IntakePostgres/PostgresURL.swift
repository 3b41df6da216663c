import IntakeCore
import IntakeSystem
/// Reading a PostgreSQL connection string without ever showing its password.
///
/// Both of libpq's forms are understood
/// (<https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING>):
/// a URI (`postgresql://` or `postgres://`, password in the user info or in a
/// `password=` query parameter) and a keyword/value string (`password=…` or
/// `password='…'`). The parsing errs on the side of hiding too much: the user
/// info is taken up to the *last* `@`, so a password holding an unencoded `/`,
/// `?` or `@` is still hidden whole.
public enum PostgresURL {
    /// True when `string` is a PostgreSQL URI (`postgresql://…` or `postgres://…`),
    /// as opposed to a file path or a keyword/value string.
    public static func isPostgres(_ string: String) -> Bool { DatabaseURL.isPostgres(string) }

    /// `url` with every password replaced by `***`: `user:pass@` becomes
    /// `user:***@`, `password=pass` becomes `password=***`. Anything else is kept,
    /// so the result says which server and database were meant. Use it for every
    /// log line and error message that names a server.
    public static func redacted(_ url: String) -> String {
        let bytes = Array(url.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var position = 0
        for range in passwordRanges(bytes) {
            result += bytes[position..<range.lowerBound]
            result += Array("***".utf8)
            position = range.upperBound
        }
        result += bytes[position...]
        return String(decoding: result, as: UTF8.self)
    }

    /// `url` without its passwords, for a file: `user:pass@` becomes `user@`,
    /// a `password=` parameter or keyword is left out. libpq then looks for the
    /// password in `.pgpass` (or the file `PGPASSFILE` names).
    public static func withoutPassword(_ url: String) -> String {
        let bytes = Array(url.utf8)
        var result: [UInt8] = []
        var position = 0
        for range in passwordRanges(bytes) {
            var start = range.lowerBound
            var end = range.upperBound
            let key = Array("password=".utf8)
            if start >= key.count, bytes[(start - key.count)..<start].elementsEqual(key) {
                // `?password=x&a=b` keeps `?a=b`; `a=b&password=x` drops `&password=x`; keyword form drops `password=x`.
                start -= key.count
                if end < bytes.count, bytes[end] == UInt8(ascii: "&") {
                    end += 1
                } else if start > 0, bytes[start - 1] == UInt8(ascii: "&") || bytes[start - 1] == UInt8(ascii: "?") {
                    start -= 1
                }
            } else if start > 0, bytes[start - 1] == UInt8(ascii: ":") {
                start -= 1
            }
            result += bytes[position..<max(position, start)]
            position = max(position, end)
        }
        result += bytes[position...]
        return String(decoding: result, as: UTF8.self)
    }

    /// The passwords written in `url`, as written and percent-decoded, for
    /// scrubbing libpq's messages (which may quote a malformed part of the URI).
    package static func secrets(in url: String) -> [String] {
        let bytes = Array(url.utf8)
        var found: [String] = []
        for range in passwordRanges(bytes) where !range.isEmpty {
            let raw = Array(bytes[range])
            found.append(String(decoding: raw, as: UTF8.self))
            let decoded = percentDecoded(raw)
            if decoded != raw { found.append(String(decoding: decoded, as: UTF8.self)) }
        }
        return found
    }

    /// The byte ranges of the password values in `bytes`, in order, not overlapping.
    private static func passwordRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        let text = String(decoding: bytes, as: UTF8.self)
        guard isPostgres(text), let schemeEnd = schemeEnd(bytes) else { return keywordPasswordRanges(bytes) }
        var ranges: [Range<Int>] = []
        if let at = bytes[schemeEnd...].lastIndex(of: UInt8(ascii: "@")),
            let colon = bytes[schemeEnd..<at].firstIndex(of: UInt8(ascii: ":"))
        {
            ranges.append((colon + 1)..<at)
        }
        // `password=` parameters after a `?` or `&` (outside the user info already hidden).
        let key = Array("password=".utf8)
        var index = schemeEnd
        while index + key.count <= bytes.count {
            let separator = bytes[index - 1]
            if (separator == UInt8(ascii: "?") || separator == UInt8(ascii: "&"))
                && bytes[index..<(index + key.count)].elementsEqual(key)
            {
                let start = index + key.count
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.count
                ranges.append(start..<end)
                index = end
            }
            index += 1
        }
        return merged(ranges)
    }

    /// `ranges` sorted, overlapping ones joined.
    private static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    /// The index just after `://`.
    private static func schemeEnd(_ bytes: [UInt8]) -> Int? {
        let marker = Array("://".utf8)
        for index in 0..<max(0, bytes.count - 2) where bytes[index..<(index + 3)].elementsEqual(marker) {
            return index + 3
        }
        return nil
    }

    /// The value ranges of `password` in a keyword/value string: `password=x`,
    /// `password = 'x y'` (single quotes, backslash escapes).
    private static func keywordPasswordRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        let key = Array("password".utf8)
        var ranges: [Range<Int>] = []
        var index = 0
        while index + key.count <= bytes.count {
            let atWordStart = index == 0 || isSpace(bytes[index - 1])
            guard atWordStart, bytes[index..<(index + key.count)].elementsEqual(key) else {
                index += 1
                continue
            }
            var cursor = index + key.count
            while cursor < bytes.count, isSpace(bytes[cursor]) { cursor += 1 }
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "=") else {
                index += 1
                continue
            }
            cursor += 1
            while cursor < bytes.count, isSpace(bytes[cursor]) { cursor += 1 }
            let start = cursor
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "'") {
                cursor += 1
                while cursor < bytes.count, bytes[cursor] != UInt8(ascii: "'") {
                    cursor += bytes[cursor] == UInt8(ascii: "\\") ? 2 : 1
                }
                cursor = min(cursor + 1, bytes.count)
            } else {
                while cursor < bytes.count, !isSpace(bytes[cursor]) { cursor += 1 }
            }
            ranges.append(start..<cursor)
            index = cursor
        }
        return ranges
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    /// `%XX` sequences decoded; anything malformed is kept as it is.
    private static func percentDecoded(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                result.append(high << 4 | low)
                index += 3
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return result
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
