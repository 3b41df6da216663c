/// What the first bytes of a document say about its encoding: a byte order
/// mark, or an XML declaration's `encoding` (and the `<?` of UTF-16 without a BOM).
package enum EncodingSniffer {
    /// How many bytes a decision may need: enough for any XML declaration.
    package static let headLimit = 512

    /// The encoding a byte order mark at the start of `head` names, and its length.
    package static func byteOrderMark(_ head: [UInt8]) -> (encoding: DocumentEncoding, length: Int)? {
        if head.count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF { return (.utf8, 3) }
        if head.count >= 2 && head[0] == 0xFF && head[1] == 0xFE { return (.utf16(bigEndian: false), 2) }
        if head.count >= 2 && head[0] == 0xFE && head[1] == 0xFF { return (.utf16(bigEndian: true), 2) }
        return nil
    }

    /// Whether `head` (not ended yet) is too short to decide: it could still be
    /// a byte order mark, or an XML declaration whose `?>` is not read yet.
    package static func needsMore(_ head: [UInt8], xml: Bool) -> Bool {
        if head.count < 4 { return true }
        let declaration = Array("<?xml".utf8)
        guard xml, head.count < headLimit else { return false }
        if head.count < declaration.count { return declaration.starts(with: head) }
        guard head.starts(with: declaration) else { return false }
        return !contains(head, Array("?>".utf8))
    }

    /// The encoding an XML document's first bytes give: UTF-16 without a BOM
    /// (`<` `?` as 16-bit units), or the declaration's `encoding` label when it
    /// is one Intake reads; nil otherwise (the label's text in `label`).
    package static func xmlDeclaration(_ head: [UInt8], label: inout String?) -> DocumentEncoding? {
        if head.starts(with: [0x3C, 0x00, 0x3F, 0x00]) { return .utf16(bigEndian: false) }
        if head.starts(with: [0x00, 0x3C, 0x00, 0x3F]) { return .utf16(bigEndian: true) }
        guard head.starts(with: Array("<?xml".utf8)), let end = index(of: Array("?>".utf8), in: head),
            let key = index(of: Array("encoding".utf8), in: Array(head[0..<end]))
        else { return nil }
        var index = key + 8
        while index < end, head[index] == 0x20 || head[index] == 0x09 || head[index] == 0x0A || head[index] == 0x0D { index += 1 }
        guard index < end, head[index] == UInt8(ascii: "=") else { return nil }
        index += 1
        while index < end, head[index] == 0x20 || head[index] == 0x09 || head[index] == 0x0A || head[index] == 0x0D { index += 1 }
        guard index < end, head[index] == UInt8(ascii: "\"") || head[index] == UInt8(ascii: "'") else { return nil }
        let quote = head[index]
        let start = index + 1
        var stop = start
        while stop < end, head[stop] != quote { stop += 1 }
        let text = String(decoding: head[start..<stop], as: UTF8.self)
        label = text
        switch text.lowercased() {
        case "utf-8", "utf8", "us-ascii", "ascii": return .utf8
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1": return .singleByte(.iso88591)
        case "windows-1252", "cp1252", "x-cp1252": return .singleByte(.windows1252)
        default: return nil
        }
    }

    private static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        index(of: needle, in: bytes) != nil
    }

    private static func index(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        for start in 0...(bytes.count - needle.count) where bytes[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
