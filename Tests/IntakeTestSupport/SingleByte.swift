/// Text in single-byte encodings, for tests.
package enum SingleByte {
    package static func windows1252(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { scalar in
            switch scalar.value {
            case 0x20AC: 0x80
            case 0..<0x100: UInt8(scalar.value)
            default: UInt8(ascii: "?")
            }
        }
    }
}
