import IntakeKit
import Testing
import IntakeTestSupport

@Suite struct CopyTextTests {
    /// The bytes `CopyText` appends for one field.
    private func encoded(_ bytes: [UInt8]?) -> [UInt8] {
        var buffer: [UInt8] = []
        if let bytes {
            bytes.withUnsafeBufferPointer { CopyText.appendField($0, to: &buffer) }
        } else {
            CopyText.appendField(nil as UnsafeBufferPointer<UInt8>?, to: &buffer)
        }
        return buffer
    }

    private let fffd: [UInt8] = [0xEF, 0xBF, 0xBD]

    @Test func plainTextAndValidUTF8PassUnchangedByteForByte() {
        let text = Array("Zürich 10 € — 😀 ok\u{7F}\u{01}".utf8)
        #expect(encoded(text) == text)
        #expect(encoded([]) == [])
    }

    @Test func nilIsBackslashNAndTheTextBackslashNIsEscaped() {
        #expect(encoded(nil) == Array(#"\N"#.utf8))
        #expect(encoded(Array(#"\N"#.utf8)) == Array(#"\\N"#.utf8))
    }

    @Test func backslashTabNewlineAndCarriageReturnAreEscaped() {
        #expect(encoded(Array("a\\b\tc\nd\re".utf8)) == Array(#"a\\b\tc\nd\re"#.utf8))
        #expect(encoded(Array("\t\t".utf8)) == Array(#"\t\t"#.utf8))
    }

    @Test func nulBecomesReplacementCharacter() {
        #expect(encoded([0x61, 0x00, 0x62]) == [0x61] + fffd + [0x62])
        #expect(encoded([0x00]) == fffd)
    }

    @Test func eachMaximalInvalidSubpartBecomesOneReplacementCharacter() {
        #expect(encoded([0xFF]) == fffd)
        #expect(encoded([0xC3, 0x28]) == fffd + [0x28], "a lead byte without its continuation")
        #expect(encoded([0xE2, 0x82]) == fffd, "a sequence cut short at the end: one replacement")
        #expect(encoded([0xE2, 0x82, 0x41]) == fffd + [0x41])
        #expect(encoded([0xF0, 0x9F, 0x98]) == fffd)
        #expect(encoded([0xC0, 0xAF]) == fffd + fffd, "overlong encodings are refused")
        #expect(encoded([0xED, 0xA0, 0x80]) == fffd + fffd + fffd, "UTF-16 surrogates are refused")
        #expect(encoded([0xF4, 0x90, 0x80, 0x80]) == fffd + fffd + fffd + fffd, "above U+10FFFF")
        #expect(encoded([0x80, 0x5C]) == fffd + Array(#"\\"#.utf8), "a stray continuation, then an escape")
    }

    @Test func randomBytesDecodeLikeSwiftsOwnUTF8Repair() {
        var state: UInt64 = 0x1234_5678_9ABC_DEF0
        for _ in 0..<2_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(state % 40) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                // Mostly high bytes, so that valid and invalid sequences both occur.
                let byte = UInt8(truncatingIfNeeded: state >> 56)
                bytes.append(byte % 4 == 0 ? byte & 0x7F : byte | 0x80)
            }
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let expected = Array(String(decoding: bytes, as: UTF8.self).withNULReplaced().utf8)
            #expect(Self.unescaped(encoded(bytes)) == expected, "\(bytes)")
        }
    }

    @Test func integersAreDecimal() {
        for value: Int64 in [0, 7, -1, 1_234_567_890, .max, .min] {
            var buffer: [UInt8] = []
            CopyText.appendInteger(value, to: &buffer)
            #expect(buffer == Array(String(value).utf8))
        }
    }

    @Test func stringFieldsUseTheSameEncoding() {
        var buffer: [UInt8] = []
        CopyText.appendField("a\tb", to: &buffer)
        buffer.append(CopyText.fieldSeparator)
        CopyText.appendField(nil as String?, to: &buffer)
        buffer.append(CopyText.rowEnd)
        #expect(buffer == Array("a\\tb\t\\N\n".utf8))
    }

    /// COPY's text-format unescaping of the four escapes CopyText writes.
    static func unescaped(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count {
                switch bytes[index + 1] {
                case UInt8(ascii: "t"): result.append(0x09)
                case UInt8(ascii: "n"): result.append(0x0A)
                case UInt8(ascii: "r"): result.append(0x0D)
                default: result.append(bytes[index + 1])
                }
                index += 2
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return result
    }
}

extension String {
    /// The text with each NUL turned into U+FFFD, as ``CopyText`` writes it.
    func withNULReplaced() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\0" ? "\u{FFFD}" : $0 }))
    }
}
