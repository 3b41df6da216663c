import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// `COPY … FROM STDIN` through ``PostgresCopy`` and ``CopyText`` against the test cluster.
@Suite struct PostgresCopyTests {
    private func connect() throws -> PostgresConnection {
        try PostgresConnection(url: try PostgresServer.running().makeDatabase())
    }

    @Test func hostileBytesSurviveTheRoundTripAsCopyTextPromises() throws {
        let connection = try connect()
        try connection.execute("CREATE TABLE hostile (id bigint PRIMARY KEY, value text)")
        let fields: [[UInt8]?] = [
            Array("a\tb".utf8), Array("line\nbreak".utf8), Array("carriage\rreturn".utf8),
            Array(#"back\slash"#.utf8), Array(#"\N"#.utf8), Array(#"\\N"#.utf8), nil, [],
            [0x61, 0x00, 0x62], [0xFF, 0xFE], [0xC3, 0x28], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF],
            Array("Zürich € 😀".utf8), Array("\u{1}\u{7F}\u{B}\u{C}".utf8), Array("trailing\\".utf8),
        ]
        let copy = try connection.copyIn("COPY hostile (id, value) FROM STDIN")
        for (id, field) in fields.enumerated() {
            copy.append { buffer in
                CopyText.appendInteger(Int64(id), to: &buffer)
                buffer.append(CopyText.fieldSeparator)
                if let field {
                    field.withUnsafeBufferPointer { CopyText.appendField($0, to: &buffer) }
                } else {
                    CopyText.appendField(nil as UnsafeBufferPointer<UInt8>?, to: &buffer)
                }
                buffer.append(CopyText.rowEnd)
            }
        }
        #expect(try copy.finish() == fields.count)
        let rows = try connection.query("SELECT value FROM hostile ORDER BY id")
        #expect(rows.count == fields.count)
        for (id, field) in fields.enumerated() {
            let expected = field.map { String(decoding: $0, as: UTF8.self).withNULReplaced() }
            #expect(rows.text(id, 0) == expected, "row \(id): \(field.map { Array($0) } ?? [])")
        }
    }

    @Test func twoHundredThousandRowsAreCopiedAndCounted() throws {
        let connection = try connect()
        try connection.execute("CREATE TABLE bulk (id bigint PRIMARY KEY, label text, amount bigint)")
        let copy = try connection.copyIn("COPY bulk FROM STDIN")
        for id in 0..<200_000 {
            copy.append { buffer in
                CopyText.appendInteger(Int64(id), to: &buffer)
                buffer.append(CopyText.fieldSeparator)
                CopyText.appendField("label\t\(id)", to: &buffer)
                buffer.append(CopyText.fieldSeparator)
                CopyText.appendInteger(Int64(id) * -3, to: &buffer)
                buffer.append(CopyText.rowEnd)
            }
        }
        #expect(copy.failure == nil)
        #expect(try copy.finish() == 200_000)
        let check = try connection.query("SELECT count(*), sum(amount), max(label) FILTER (WHERE id = 199999) FROM bulk")
        #expect(check.int(0, 0) == 200_000)
        #expect(check.int64(0, 1) == -3 * (199_999 * 200_000 / 2))
        #expect(check.text(0, 2) == "label\t199999")
    }

    @Test func writesAsTextAndAbortLeavesNoRows() throws {
        let connection = try connect()
        try connection.execute("CREATE TABLE lines (id bigint, value text)")
        let copy = try connection.copyIn("COPY lines FROM STDIN")
        copy.write("1\tone\n2\t\\N\n")
        copy.abort("the document was refused")
        #expect(try connection.query("SELECT count(*) FROM lines").int(0, 0) == 0)
        let second = try connection.copyIn("COPY lines FROM STDIN")
        copy.abort("aborting twice does nothing")
        second.write("3\tthree\n")
        #expect(try second.finish() == 1)
        #expect(try connection.query("SELECT value FROM lines").text(0, 0) == "three")
    }

    @Test func aBadRowFailsFinishWithTheServersError() throws {
        let connection = try connect()
        try connection.execute("CREATE TABLE numbers (n bigint)")
        let copy = try connection.copyIn("COPY numbers FROM STDIN")
        copy.write("1\nnot a number\n")
        let error = #expect(throws: PostgresError.self) { try copy.finish() }
        #expect(error?.sqlState == "22P02")
        #expect(error?.isConnectionLost == false)
        #expect(try connection.query("SELECT count(*) FROM numbers").int(0, 0) == 0)
    }

    @Test func aStatementAfterTheCopyInTheSameQueryStringGivesItsResult() throws {
        let connection = try connect()
        try connection.execute("CREATE TABLE staged (n bigint)")
        let data = Array("1\n2\n3\n".utf8)
        let sum = try data.withUnsafeBufferPointer {
            try connection.copy("COPY staged FROM STDIN; SELECT sum(n) FROM staged", data: $0, then: { $0 == 1 })
        }
        #expect(sum.int(0, 0) == 6)
        let counted = try data.withUnsafeBufferPointer {
            try connection.copy("TRUNCATE staged; COPY staged FROM STDIN; SELECT n FROM staged", data: $0, then: { _ in false })
        }
        #expect(counted.count == 0 && counted.affected == 3, "rows not asked for are only counted")
        // A failure after the COPY undoes the whole query string, the COPY included.
        let error = #expect(throws: PostgresError.self) {
            try data.withUnsafeBufferPointer { try connection.copy("COPY staged FROM STDIN; SELECT 1 / 0", data: $0, then: { _ in true }) }
        }
        #expect(error?.sqlState == "22012")
        #expect(try connection.query("SELECT count(*) FROM staged").int(0, 0) == 3)
    }

    @Test func anUnfinishedCopyIsAbortedWhenReleased() throws {
        let connection = try connect()
        try connection.execute("CREATE TABLE left_open (n bigint)")
        do {
            let copy = try connection.copyIn("COPY left_open FROM STDIN")
            copy.write("1\n")
        }
        #expect(try connection.query("SELECT count(*) FROM left_open").int(0, 0) == 0)
    }
}
