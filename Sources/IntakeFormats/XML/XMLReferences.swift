import IntakeCore
import IntakeSystem
/// Entity and character references: `&lt; &gt; &amp; &apos; &quot;` and
/// `&#NNN;` / `&#xHHH;`. Nothing else is ever expanded: there is no DTD to declare
/// more, and an unknown name fails the document with `xml_entity_refused`.
enum XMLReferences {
    /// Longest name or number accepted between `&` and `;`.
    static let maxLength = 16

    /// Checks the reference starting at the `&` at `index`; returns the index after
    /// its `;`, or -1 when the buffered bytes end before it is complete.
    static func end(of scanner: XMLScanner, at index: Int, limit: Int) throws(XMLError) -> Int {
        let buffer = scanner.buffer
        var scan = index + 1
        guard scan < limit else { return -1 }
        if buffer[scan] == UInt8(ascii: "#") {
            scan += 1
            guard scan < limit else { return -1 }
            let hex = buffer[scan] == UInt8(ascii: "x")
            if hex { scan += 1 }
            var value: UInt32 = 0
            var digits = 0
            while true {
                guard scan < limit else { return -1 }
                let byte = buffer[scan]
                if byte == UInt8(ascii: ";") { break }
                guard let digit = digitValue(byte, hex: hex), digits < maxLength else {
                    throw scanner.syntax("a malformed character reference (write &#65; or &#x41;, or &amp; for '&')", at: index)
                }
                value = min(value * (hex ? 16 : 10) + digit, 0x11_0000)
                digits += 1
                scan += 1
            }
            guard digits > 0, isAllowed(value) else {
                throw scanner.syntax("a character reference to a character XML does not allow", at: index)
            }
            return scan + 1
        }
        let nameStart = scan
        while true {
            guard scan < limit else { return -1 }
            let byte = buffer[scan]
            if byte == UInt8(ascii: ";") { break }
            guard XMLScanner.isNameChar(byte), scan - nameStart < maxLength else {
                throw scanner.syntax("a '&' that does not start a reference (write &amp; for '&')", at: index)
            }
            scan += 1
        }
        let name = scanner.bytes(nameStart, scan)
        guard predefined(name) != nil else {
            let shown = String(decoding: name, as: UTF8.self)
            throw XMLError(
                .entityRefused,
                "the entity reference &\(shown); is not one of XML's five predefined entities"
                    + " (&lt; &gt; &amp; &apos; &quot;); Intake never expands other entities:"
                    + " write the text itself, or &amp; for '&' (in \(scanner.elementPath))",
                line: scanner.line)
        }
        return scan + 1
    }

    /// The character a predefined entity name stands for.
    static func predefined(_ name: UnsafeBufferPointer<UInt8>) -> UInt8? {
        switch name.count {
        case 2 where name[1] == UInt8(ascii: "t"):
            if name[0] == UInt8(ascii: "l") { return UInt8(ascii: "<") }
            if name[0] == UInt8(ascii: "g") { return UInt8(ascii: ">") }
            return nil
        case 3 where name[0] == UInt8(ascii: "a") && name[1] == UInt8(ascii: "m") && name[2] == UInt8(ascii: "p"):
            return UInt8(ascii: "&")
        case 4 where name.elementsEqual("apos".utf8):
            return UInt8(ascii: "'")
        case 4 where name.elementsEqual("quot".utf8):
            return UInt8(ascii: "\"")
        default:
            return nil
        }
    }

    /// A code point XML 1.0 allows as a character.
    static func isAllowed(_ value: UInt32) -> Bool {
        switch value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x1_0000...0x10_FFFF: return true
        default: return false
        }
    }

    @inline(__always)
    private static func digitValue(_ byte: UInt8, hex: Bool) -> UInt32? {
        if byte &- 0x30 < 10 { return UInt32(byte &- 0x30) }
        guard hex else { return nil }
        let lower = byte | 0x20
        if lower &- 0x61 < 6 { return UInt32(lower &- 0x61) + 10 }
        return nil
    }

    /// Appends `text` with its (already checked) references replaced by their UTF-8.
    static func decode(_ text: UnsafeBufferPointer<UInt8>, into target: inout [UInt8]) {
        var index = 0
        while index < text.count {
            let byte = text[index]
            guard byte == UInt8(ascii: "&") else {
                target.append(byte)
                index += 1
                continue
            }
            var close = index + 1
            while close < text.count && text[close] != UInt8(ascii: ";") { close += 1 }
            let body = UnsafeBufferPointer(rebasing: text[(index + 1)..<close])
            if let first = body.first, first == UInt8(ascii: "#") {
                let hex = body.count > 1 && body[1] == UInt8(ascii: "x")
                var value: UInt32 = 0
                for digit in body.dropFirst(hex ? 2 : 1) {
                    value = value * (hex ? 16 : 10) + (digitValue(digit, hex: hex) ?? 0)
                }
                appendScalar(value, to: &target)
            } else if let character = predefined(body) {
                target.append(character)
            }
            index = close + 1
        }
    }

    private static func appendScalar(_ value: UInt32, to target: inout [UInt8]) {
        guard let scalar = Unicode.Scalar(value) else { return }
        for unit in UTF8.encode(scalar) ?? UTF8.EncodedScalar() {
            target.append(unit)
        }
    }
}
