import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// The rejected files: written atomically, and read back by the reader to exactly
/// the failed records, with their own checks passing.
@Suite struct XMLRejectedWriterTests {
    typealias Kit = XMLTestKit

    /// A temporary folder removed when the value goes away.
    final class Folder {
        let path = FileManager.default.temporaryDirectory.path + "/intake-xml-" + UUID().uuidString.prefix(8).lowercased()
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        var names: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }
    }

    static func read(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Reads `bytes`, rejecting the records whose `payment_id` is in `failing`.
    static func reject(
        _ bytes: [UInt8], failing: Set<String>, into writer: (Pain001Outline) throws -> any RejectedRecordsWriter
    ) throws -> (writer: any RejectedRecordsWriter, raw: [String]) {
        let reader = XMLRecordReader(source: MemoryByteSource(bytes, maxChunk: 50))
        var created: (any RejectedRecordsWriter)?
        var raw: [String] = []
        while try reader.next() {
            let id = (0..<reader.fieldCount).first { Kit.string(reader.key($0)) == "payment_id" }.map {
                Kit.string(reader.value($0))
            }
            guard let id, failing.contains(id) else { continue }
            let writer = try created ?? writer(reader.outline)
            created = writer
            try writer.add(raw: reader.rawRecord, group: reader.group)
            raw.append(Kit.string(reader.rawRecord))
        }
        guard let created else { throw XMLError(.empty, "nothing rejected", line: nil) }
        return (created, raw)
    }

    @Test(arguments: ["", "p"])
    func rejectedPain001ReadsBackToTheFailedTransactions(prefix: String) throws {
        let folder = try Folder()
        let target = folder.path + "/job.rejected.xml"
        let fixture = Pain001Fixture(version: prefix.isEmpty ? "03" : "09", prefix: prefix)
        let original = try Kit.parse(fixture.bytes)
        let (writer, raw) = try Self.reject(fixture.bytes, failing: ["I-2", "E2E-5"]) {
            try Pain001RejectedWriter(path: target, mode: 0o640, outline: $0)
        }
        #expect(folder.names.count == 1, "only the spool exists before commit: \(folder.names)")
        #expect(!FileManager.default.fileExists(atPath: target))
        try writer.commit()
        #expect(folder.names == ["job.rejected.xml"], "the spool and temporary files are gone")
        let written = try Self.read(target)
        let text = String(decoding: written, as: UTF8.self)
        let reread = try Kit.parse(written, chunk: 7)
        #expect(reread.painVersion == original.painVersion)
        #expect(reread.records == [original.records[1], original.records[4]])
        #expect(reread.raw == raw)
        #expect(reread.groups == [0, 1])
        let tag = prefix.isEmpty ? "" : prefix + ":"
        #expect(text.contains("<\(tag)NbOfTxs>2</\(tag)NbOfTxs>\n      <\(tag)CtrlSum>275.00</\(tag)CtrlSum>"))
        #expect(text.contains("<\(tag)NbOfTxs>1</\(tag)NbOfTxs>\n      <\(tag)CtrlSum>250.00</\(tag)CtrlSum>"))
        #expect(text.contains("<\(tag)PmtInfId>PMT-1</\(tag)PmtInfId>"))
        #expect(text.contains("<\(tag)MsgId>MSG-2026-0001</\(tag)MsgId>"))
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<\(tag)Document"))
        #expect(text.hasSuffix("</\(tag)CstmrCdtTrfInitn>\n</\(tag)Document>\n"))
        let mode = try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int
        #expect(mode == 0o640)
    }

    @Test func rejectedPain001KeepsAnAbsentCtrlSumAbsent() throws {
        let folder = try Folder()
        let target = folder.path + "/job.rejected.xml"
        var fixture = Pain001Fixture()
        fixture.groupSum = nil
        let (writer, _) = try Self.reject(fixture.bytes, failing: ["E2E-1", "E2E-3", "I-4"]) {
            try Pain001RejectedWriter(path: target, mode: 0o600, outline: $0)
        }
        try writer.commit()
        let written = try Self.read(target)
        let reread = try Kit.parse(written)
        #expect(reread.records.map { $0.first?.value } == ["E2E-1", "E2E-3", "I-4"])
        let text = String(decoding: written, as: UTF8.self)
        #expect(text.contains("<NbOfTxs>3</NbOfTxs>\n      <InitgPty>"))
        #expect(text.contains("<CtrlSum>100.50</CtrlSum>"), "the first block's CtrlSum is recomputed")
    }

    @Test func abandonedWriterRemovesItsSpool() throws {
        let folder = try Folder()
        do {
            let (_, raw) = try Self.reject(Pain001Fixture().bytes, failing: ["I-2"]) {
                try Pain001RejectedWriter(path: folder.path + "/x.xml", mode: 0o600, outline: $0)
            }
            #expect(raw.count == 1)
        }
        #expect(folder.names.isEmpty)
    }

    @Test func flatRejectedFileReadsBack() throws {
        let folder = try Folder()
        let target = folder.path + "/job.rejected.xml"
        let original = try Kit.parse(XMLReaderFlatTests.document)
        let (writer, raw) = try Self.reject(Kit.bytes(XMLReaderFlatTests.document), failing: ["P1", "P<2>"]) { _ in
            try FlatXMLRejectedWriter(path: target, mode: 0o640)
        }
        #expect(!FileManager.default.fileExists(atPath: target))
        try writer.commit()
        #expect(folder.names == ["job.rejected.xml"])
        let written = try Self.read(target)
        let text = String(decoding: written, as: UTF8.self)
        #expect(text == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<records>\n" + raw.map { $0 + "\n" }.joined() + "</records>\n")
        let reread = try Kit.parse(written)
        #expect(reread.records == original.records)
    }
}
