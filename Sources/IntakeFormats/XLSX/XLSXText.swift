import IntakeCore
import IntakeSystem
/// The text of string items: `<si>` in the shared strings and `<is>` in a cell,
/// plain (`<t>`) or rich (runs `<r><t>…</t></r>`, concatenated), phonetic
/// guides (`<rPh>`) left out, and OOXML's `_xHHHH_` escapes decoded.
struct XLSXText {
    /// Where the tokenizer is inside a string item.
    private var collecting = false
    private var phoneticDepth = 0
    /// The text gathered so far.
    private(set) var bytes: [UInt8] = []

    /// Starts a new item (at `<si>` or `<is>`).
    mutating func begin() {
        bytes.removeAll(keepingCapacity: true)
        collecting = false
        phoneticDepth = 0
    }

    /// A start tag inside the item; returns what its end tag must undo.
    mutating func start(_ part: XLSXPartScanner) -> XLSXTextRole {
        if part.isElement("rPh") {
            phoneticDepth += 1
            return .phonetic
        }
        if part.isElement("t") && phoneticDepth == 0 {
            collecting = true
            return .text
        }
        return .other
    }

    /// The end of an element started with ``start(_:)``.
    mutating func end(_ role: XLSXTextRole) {
        switch role {
        case .phonetic: phoneticDepth -= 1
        case .text: collecting = false
        case .other: break
        }
    }

    /// A text token: kept when inside a `<t>` outside a phonetic guide.
    mutating func text(_ part: XLSXPartScanner, limit: Int) throws(XLSXError) {
        guard collecting else { return }
        part.scanner.appendText(to: &bytes)
        guard bytes.count <= limit else {
            throw XLSXError(
                .sheet, "a text in \(part.part) is longer than \(limit) bytes; Excel cells hold at most 32,767 characters",
                part: part.part)
        }
    }

    /// The item's text with `_xHHHH_` escapes decoded.
    mutating func finish() -> [UInt8] {
        Self.decodeEscapes(&bytes)
        return bytes
    }

    /// Decodes OOXML's `_xHHHH_` escapes (ECMA-376 ST_Xstring: `_x000D_` is a
    /// carriage return, `_x005F_` an underscore) in place.
    static func decodeEscapes(_ text: inout [UInt8]) {
        guard text.count >= 7, text.contains(UInt8(ascii: "_")) else { return }
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var index = 0
        var changed = false
        while index < text.count {
            if text[index] == UInt8(ascii: "_"), index + 6 < text.count, text[index + 1] == UInt8(ascii: "x"),
                text[index + 6] == UInt8(ascii: "_"), let value = hex(text[(index + 2)..<(index + 6)]),
                let scalar = Unicode.Scalar(value)
            {
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
                index += 7
                changed = true
                continue
            }
            out.append(text[index])
            index += 1
        }
        if changed { text = out }
    }

    private static func hex(_ digits: ArraySlice<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        for byte in digits {
            let lower = byte | 0x20
            if byte &- 0x30 < 10 {
                value = value * 16 + UInt32(byte &- 0x30)
            } else if lower &- 0x61 < 6 {
                value = value * 16 + UInt32(lower &- 0x61) + 10
            } else {
                return nil
            }
        }
        return value
    }
}

/// What a start tag inside a string item was, for its end tag.
enum XLSXTextRole {
    case text, phonetic, other
}
