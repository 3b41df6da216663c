import Testing

@testable import IntakeCore
@testable import IntakeFormats
@testable import IntakeKit
import IntakeTestSupport

/// What a document's bytes say about their encoding, read at every chunk size:
/// byte order marks, UTF-8 in a single-byte workspace, XML declarations, and
/// broken UTF-16 failing clearly.
@Suite struct DecodingByteSourceTests {
    static let chunkSizes = [1, 2, 3, 5, 64, Int.max]

    struct Decoded {
        var text: [UInt8] = []
        var observed: [UInt8] = []
        var encoding: DocumentEncoding
        var warning: String?
        var failure: DocumentFailure?
    }

    static func decode(_ bytes: [UInt8], configured: TextEncoding = .utf8, xml: Bool = false, chunk: Int = .max) -> Decoded {
        let choice = EncodingChoice(configured: configured)
        var observed: [UInt8] = []
        var source = DecodingByteSource(MemoryByteSource(bytes, maxChunk: chunk), choice: choice, xml: xml) { raw, _ in
            observed.append(contentsOf: raw)
        }
        var text: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 7)
        var failure: DocumentFailure?
        do {
            while true {
                let count = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
                if count == 0 { break }
                text += buffer[0..<count]
            }
        } catch let error as DecodingFailed {
            failure = error.failure
        } catch {
            Issue.record("unexpected \(error)")
        }
        return Decoded(text: text, observed: observed, encoding: choice.current, warning: choice.warning?.description,
                       failure: failure)
    }

    static func utf16(_ text: String, bigEndian: Bool, bom: Bool = true) -> [UInt8] {
        var out: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            out += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        return out
    }

    static let french = "payment_id\tbeneficiary_name\r\nP-1\tCafé de l'Étoile € 𝄞\r\n"

    @Test func excelUnicodeTextIsUTF16LittleEndianWithABOM() {
        let bytes = Self.utf16(Self.french, bigEndian: false)
        for chunk in Self.chunkSizes {
            let decoded = Self.decode(bytes, configured: .windows1252, chunk: chunk)
            #expect(decoded.text == Array(Self.french.utf8), "chunk \(chunk)")
            #expect(decoded.observed == bytes, "every raw byte is hashed once, in order")
            #expect(decoded.encoding == .utf16(bigEndian: false))
            #expect(decoded.warning?.contains("UTF-16LE") == true)
        }
    }

    @Test func bigEndianUTF16IsReadToo() {
        for chunk in Self.chunkSizes {
            let decoded = Self.decode(Self.utf16(Self.french, bigEndian: true), chunk: chunk)
            #expect(decoded.text == Array(Self.french.utf8), "chunk \(chunk)")
            #expect(decoded.encoding == .utf16(bigEndian: true))
        }
    }

    @Test func aUTF8ByteOrderMarkWinsOverTheWorkspacesEncoding() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("payment_id;name\nP-1;Café\n".utf8)
        for chunk in Self.chunkSizes {
            let decoded = Self.decode(bytes, configured: .windows1252, chunk: chunk)
            #expect(decoded.text == bytes, "passed through, BOM included for the CSV reader: chunk \(chunk)")
            #expect(decoded.encoding == .utf8)
            #expect(decoded.warning?.contains("byte order mark") == true)
        }
        #expect(Self.decode(bytes).warning == nil, "nothing to say in a UTF-8 workspace")
    }

    @Test func utf8TextInASingleByteWorkspaceIsDetectedAtItsFirstNonASCIICharacter() {
        let text = "payment_id;name\nP-1;ACME\nP-2;Café de l'Étoile\n"
        for chunk in Self.chunkSizes {
            let decoded = Self.decode(Array(text.utf8), configured: .windows1252, chunk: chunk)
            #expect(decoded.text == Array(text.utf8), "chunk \(chunk)")
            #expect(decoded.encoding == .utf8)
            #expect(decoded.warning?.contains("line 3") == true, "\(decoded.warning ?? "")")
        }
    }

    @Test func windows1252TextStaysWindows1252() {
        let bytes = SingleByte.windows1252("payment_id;name\nP-2;Café de l'Étoile €\n")
        for chunk in Self.chunkSizes {
            let decoded = Self.decode(bytes, configured: .windows1252, chunk: chunk)
            #expect(String(decoding: decoded.text, as: UTF8.self) == "payment_id;name\nP-2;Café de l'Étoile €\n")
            #expect(decoded.encoding == .singleByte(.windows1252))
            #expect(decoded.warning == nil)
        }
        // A lone lead byte at the very end is not UTF-8: read as the workspace says.
        let decoded = Self.decode(Array("x;y\nP;".utf8) + [0xC3], configured: .iso88591, chunk: 1)
        #expect(String(decoding: decoded.text, as: UTF8.self) == "x;y\nP;Ã")
    }

    @Test func anXMLDeclarationsEncodingIsHonoured() {
        let latin1 = SingleByte.windows1252("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<records><record><n>Müller</n></record></records>\n")
        for chunk in Self.chunkSizes {
            let decoded = Self.decode(latin1, xml: true, chunk: chunk)
            #expect(String(decoding: decoded.text, as: UTF8.self).contains("Müller"), "chunk \(chunk)")
            #expect(decoded.encoding == .singleByte(.iso88591))
            #expect(decoded.warning?.contains("ISO-8859-1") == true)
        }
        let lying = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<records><record><n>Müller</n></record></records>\n".utf8)
        let decoded = Self.decode(lying, xml: true, chunk: 3)
        #expect(decoded.text == lying, "UTF-8 text labelled Latin-1 is still read as UTF-8")
        #expect(decoded.encoding == .utf8)
        let declaredUTF8 = Array("<?xml version='1.0' encoding='utf-8'?><records/>".utf8)
        #expect(Self.decode(declaredUTF8, configured: .windows1252, xml: true).encoding == .utf8)
        let noBOM = Self.utf16("<?xml version=\"1.0\" encoding=\"UTF-16\"?><records/>", bigEndian: false, bom: false)
        #expect(Self.decode(noBOM, xml: true).text == Array("<?xml version=\"1.0\" encoding=\"UTF-16\"?><records/>".utf8))
    }

    @Test func brokenUTF16FailsClearlyNeverCrashes() {
        let good = Self.utf16("a;b\nc;d\n", bigEndian: false)
        let cases: [([UInt8], String, String, Int)] = [
            (good + [0x41], "invalid_encoding", "middle of a character", 3),  // odd byte count
            (good + [0x3D, 0xD8], "invalid_encoding", "middle of a character", 3),  // a high surrogate cut off
            (good + [0x3D, 0xD8, 0x41, 0x00], "invalid_encoding", "lone surrogate", 3),
            (good + [0x1E, 0xDD], "invalid_encoding", "lone surrogate", 3),  // a low surrogate alone
            (good + [0x00, 0x00], "nul_byte", "NUL", 3),
            ([0xFF, 0xFE, 0x41], "invalid_encoding", "middle of a character", 1),
        ]
        for (bytes, code, mention, line) in cases {
            for chunk in Self.chunkSizes {
                let failure = Self.decode(bytes, chunk: chunk).failure
                #expect(failure?.error.code == code, "chunk \(chunk)")
                #expect(failure?.error.message.contains(mention) == true, "\(failure?.description ?? "")")
                #expect(failure?.error.line == line)
            }
        }
        #expect(Self.decode([0xFF, 0xFE]).text.isEmpty, "a BOM alone is an empty document")
    }

    @Test func rejectedFilesAreWrittenBackInTheEncodingRead() {
        let text = Array("Café €\r\n".utf8)
        text.withUnsafeBufferPointer { bytes in
            #expect(DocumentEncoding.utf8.encode(bytes) == nil)
            #expect(DocumentEncoding.utf16(bigEndian: false).encode(bytes) == Array(Self.utf16("Café €\r\n", bigEndian: false).dropFirst(2)))
            #expect(DocumentEncoding.singleByte(.windows1252).encode(bytes) == SingleByte.windows1252("Café €\r\n"))
        }
    }
}
