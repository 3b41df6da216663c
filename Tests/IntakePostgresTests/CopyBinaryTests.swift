import IntakeKit
import Testing
import IntakeTestSupport

/// ``CopyBinary``: the bytes it writes, and what PostgreSQL reads back from them.
@Suite struct CopyBinaryTests {
    private let fffd: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// The bytes of one text field.
    private func text(_ bytes: [UInt8]?) -> [UInt8] {
        var buffer: [UInt8] = []
        if let bytes {
            bytes.withUnsafeBufferPointer { CopyBinary.appendText($0, to: &buffer) }
        } else {
            CopyBinary.appendText(nil as UnsafeBufferPointer<UInt8>?, to: &buffer)
        }
        return buffer
    }

    private func length(_ count: Int) -> [UInt8] {
        withUnsafeBytes(of: Int32(count).bigEndian) { Array($0) }
    }

    @Test func headerAndTrailerAreTheDocumentedBytes() {
        // "PGCOPY\n\377\r\n\0", flags 0, header extension length 0 (sql-copy.html, Binary Format).
        #expect(CopyBinary.header == [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(CopyBinary.trailer == [0xFF, 0xFF])
    }

    @Test func integersAreBigEndianAfterTheirLength() {
        var buffer: [UInt8] = []
        CopyBinary.appendRowStart(fields: 3, to: &buffer)
        CopyBinary.appendInt64(-2, to: &buffer)
        CopyBinary.appendInt32(0x0102_0304, to: &buffer)
        CopyBinary.appendNull(to: &buffer)
        #expect(buffer == [0, 3] + [0, 0, 0, 8, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE]
            + [0, 0, 0, 4, 1, 2, 3, 4] + [0xFF, 0xFF, 0xFF, 0xFF])
    }

    @Test func textGoesAsItIsWithoutEscapes() {
        let plain = Array("a\tb\nc\rd\\e \\N Zürich € 😀\u{1}\u{7F}".utf8)
        #expect(text(plain) == length(plain.count) + plain)
        #expect(text([]) == length(0), "empty text is a field of length 0")
        #expect(text(nil) == [0xFF, 0xFF, 0xFF, 0xFF], "NULL is length -1")
    }

    @Test func nulAndInvalidUTF8BecomeReplacementCharactersAndTheLengthFollows() {
        #expect(text([0x61, 0x00, 0x62]) == length(5) + [0x61] + fffd + [0x62])
        #expect(text([0xC3, 0x28]) == length(4) + fffd + [0x28])
        #expect(text([0xED, 0xA0, 0x80]) == length(9) + fffd + fffd + fffd)
        // Eight-byte words: a NUL or a high byte at every position of the word is caught.
        for position in 0..<17 {
            var bytes = Array(repeating: UInt8(ascii: "x"), count: 17)
            bytes[position] = 0
            #expect(text(bytes) == length(19) + bytes[..<position] + fffd + bytes[(position + 1)...], "NUL at \(position)")
            bytes[position] = 0x80
            #expect(text(bytes) == length(19) + bytes[..<position] + fffd + bytes[(position + 1)...], "0x80 at \(position)")
        }
    }

    /// Rows of hostile text, integers at their limits and NULL against empty,
    /// read back by the server as the encoder promises.
    @Test func theServerReadsBackWhatWasWritten() throws {
        let connection = try PostgresConnection(url: try PostgresServer.running().makeDatabase())
        try connection.execute("CREATE TABLE hostile (id bigint PRIMARY KEY, small integer, big bigint, value text)")
        var state: UInt64 = 0x0DDC_0FFE_E0DD_F00D
        var fields: [[UInt8]?] = [
            Array("a\tb".utf8), Array("line\nbreak\r\n".utf8), Array(#"back\slash\"#.utf8), Array(#"\N"#.utf8), nil, [],
            [0x61, 0x00, 0x62], [0x00], [0xFF, 0xFE], [0xC3, 0x28], [0xE2, 0x82], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80],
            Array("Zürich € 😀 ".utf8), Array("\u{1}\u{7F}\u{B}\u{C}".utf8), Array(repeating: 0x41, count: 70_000),
        ]
        for _ in 0..<300 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(state % 24) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let byte = UInt8(truncatingIfNeeded: state >> 56)
                bytes.append(byte % 3 == 0 ? byte | 0x80 : byte & 0x7F)
            }
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            fields.append(bytes)
        }
        let integers: [(Int32, Int64)] = [(.min, .min), (.max, .max), (-1, -1), (0, 0), (1, 1 << 40)]
        var data = CopyBinary.header
        for (id, field) in fields.enumerated() {
            let (small, big) = integers[id % integers.count]
            CopyBinary.appendRowStart(fields: 4, to: &data)
            CopyBinary.appendInt64(Int64(id), to: &data)
            CopyBinary.appendInt32(small, to: &data)
            CopyBinary.appendInt64(big, to: &data)
            if let field {
                field.withUnsafeBufferPointer { CopyBinary.appendText($0, to: &data) }
            } else {
                CopyBinary.appendText(nil as String?, to: &data)
            }
        }
        data += CopyBinary.trailer
        let copied = try data.withUnsafeBufferPointer { try connection.copy("COPY hostile FROM STDIN (FORMAT binary)", data: $0) }
        #expect(copied == fields.count)
        let rows = try connection.query("SELECT small, big, value FROM hostile ORDER BY id")
        #expect(rows.count == fields.count)
        for (id, field) in fields.enumerated() {
            let (small, big) = integers[id % integers.count]
            #expect(rows.int64(id, 0) == Int64(small) && rows.int64(id, 1) == big, "row \(id)")
            let expected = field.map { String(decoding: $0, as: UTF8.self).withNULReplaced() }
            #expect(rows.text(id, 2) == expected, "row \(id): \(field.map { Array($0.prefix(40)) } ?? [])")
        }
        #expect(try connection.query("SELECT count(*) FROM hostile WHERE value = ''").int(0, 0) == 1, "empty is not NULL")
    }

    @Test func aFieldOfTheWrongWidthIsRefusedByTheServer() throws {
        let connection = try PostgresConnection(url: try PostgresServer.running().makeDatabase())
        try connection.execute("CREATE TABLE narrow (n integer)")
        var data = CopyBinary.header
        CopyBinary.appendRowStart(fields: 1, to: &data)
        CopyBinary.appendInt64(7, to: &data)
        data += CopyBinary.trailer
        let error = #expect(throws: PostgresError.self) {
            try data.withUnsafeBufferPointer { try connection.copy("COPY narrow FROM STDIN (FORMAT binary)", data: $0) }
        }
        #expect(error?.sqlState == "22P03", "invalid_binary_representation")
        #expect(try connection.query("SELECT count(*) FROM narrow").int(0, 0) == 0)
    }
}
