import IntakeCore
import IntakeSystem

/// The JSON text of `intake.json` as a tree that keeps each object's keys in
/// the file's order and where every value starts and ends, so that a mistake
/// is reported at its line and column and `intake init` can add a workspace
/// without rewriting the rest of the file. Not a general JSON parser: it reads
/// small hand-written files whole (duplicate keys are refused, numbers are
/// kept as their text).
package struct ConfigurationJSON: Sendable {
    /// What a value is.
    package enum Value: Sendable {
        case object([Member])
        case array([ConfigurationJSON])
        case string(String)
        case number(String)
        case bool(Bool)
        case null
    }

    /// One `"key": value` of an object, in file order.
    package struct Member: Sendable {
        package let key: String
        /// Where the key's opening quote is (byte offset in the text).
        package let keyStart: Int
        package let value: ConfigurationJSON
    }

    package let value: Value
    /// 1-based line and column of the value's first character.
    package let line: Int
    package let column: Int
    /// Byte offsets of the value in the text: first byte, and one past the last.
    package let start: Int
    package let end: Int

    /// The JSON type's name, for messages (`an object`, `a string`, …).
    package var kind: String {
        switch value {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "true or false"
        case .null: "null"
        }
    }

    /// Parses `bytes` (UTF-8, a BOM allowed); the error names the line and column.
    package static func parse(_ bytes: [UInt8]) throws(Failure) -> ConfigurationJSON {
        var parser = Parser(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == bytes.count else { throw parser.failure("unexpected text after the end of the JSON value") }
        return value
    }

    /// A syntax error at a line and column.
    package struct Failure: Error, Sendable {
        package let line: Int
        package let column: Int
        package let message: String
        package var description: String { "line \(line), column \(column): \(message)" }
    }

    private struct Parser {
        package let bytes: [UInt8]
        package var index = 0

        package func position(_ offset: Int) -> (line: Int, column: Int) {
            var line = 1
            var lineStart = 0
            for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A {
                line += 1
                lineStart = i + 1
            }
            let column = String(decoding: bytes[lineStart..<min(offset, bytes.count)], as: UTF8.self).count + 1
            return (line, column)
        }

        package func failure(_ message: String, at offset: Int? = nil) -> Failure {
            let (line, column) = position(offset ?? index)
            return Failure(line: line, column: column, message: message)
        }

        package mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        package func describeHere() -> String {
            guard index < bytes.count else { return "the end of the file" }
            let scalar = String(decoding: bytes[index..<min(index + 4, bytes.count)], as: UTF8.self).first.map(String.init) ?? "?"
            return "\"\(scalar)\""
        }

        package mutating func value(depth: Int) throws(Failure) -> ConfigurationJSON {
            guard depth < 64 else { throw failure("nested too deeply") }
            let start = index
            let (line, column) = position(start)
            func made(_ value: Value) -> ConfigurationJSON {
                ConfigurationJSON(value: value, line: line, column: column, start: start, end: index)
            }
            guard index < bytes.count else { throw failure("a value is missing before the end of the file") }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var members: [Member] = []
                var seen = Set<String>()
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return made(.object([]))
                }
                while true {
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                        throw failure("expected a key in double quotes, found \(describeHere()) (a trailing comma?)")
                    }
                    let keyStart = index
                    let key = try string()
                    guard seen.insert(key).inserted else { throw failure("the key \"\(key)\" appears twice in this object", at: keyStart) }
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                        throw failure("expected ':' after the key \"\(key)\", found \(describeHere())")
                    }
                    index += 1
                    skipSpace()
                    members.append(Member(key: key, keyStart: keyStart, value: try value(depth: depth + 1)))
                    skipSpace()
                    guard index < bytes.count else { throw failure("the object opened at line \(line), column \(column) is never closed") }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "}") { index += 1; return made(.object(members)) }
                    throw failure("expected ',' or '}' after the value of \"\(key)\", found \(describeHere())")
                }
            case UInt8(ascii: "["):
                index += 1
                var items: [ConfigurationJSON] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return made(.array([]))
                }
                while true {
                    skipSpace()
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard index < bytes.count else { throw failure("the array opened at line \(line), column \(column) is never closed") }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "]") { index += 1; return made(.array(items)) }
                    throw failure("expected ',' or ']' in the array, found \(describeHere())")
                }
            case UInt8(ascii: "\""):
                return made(.string(try string()))
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                for (word, result) in [("true", Value.bool(true)), ("false", .bool(false)), ("null", .null)]
                where bytes[index...].starts(with: Array(word.utf8)) {
                    index += word.utf8.count
                    return made(result)
                }
                throw failure("unexpected \(describeHere()): strings need double quotes")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return made(.number(try number()))
            default:
                throw failure("unexpected \(describeHere()): expected a value (strings need double quotes)")
            }
        }

        package mutating func number() throws(Failure) -> String {
            let start = index
            func digits() -> Int {
                let from = index
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
                return index - from
            }
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw failure("a number needs digits", at: start) }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { throw failure("a number needs digits after its '.'") }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { throw failure("a number needs digits in its exponent") }
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        package mutating func string() throws(Failure) -> String {
            let open = index
            index += 1
            var out: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard index + 1 < bytes.count else { break }
                    let escape = bytes[index + 1]
                    index += 2
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if (0xD800..<0xDC00).contains(scalar), bytes[index...].starts(with: [0x5C, UInt8(ascii: "u")]) {
                            index += 2
                            let low = try hex4()
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low &- 0xDC00)
                        }
                        guard let unicode = Unicode.Scalar(scalar) else { throw failure("\\u escape is not a character", at: index - 6) }
                        out += Array(String(Character(unicode)).utf8)
                    default:
                        throw failure("unknown escape \\\(String(UnicodeScalar(escape))) in a string", at: index - 2)
                    }
                    continue
                case 0x00..<0x20:
                    throw failure("a control character (a line break?) inside a string: close the string with '\"' first")
                default:
                    out.append(byte)
                    index += 1
                    continue
                }
            }
            throw failure("the string opened here is never closed", at: open)
        }

        package mutating func hex4() throws(Failure) -> UInt32 {
            guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
                throw failure("\\u needs four hexadecimal digits")
            }
            index += 4
            return value
        }
    }
}
