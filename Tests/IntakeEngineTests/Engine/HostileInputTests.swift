import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// Hostile documents in every format end `FAILED` naming the problem, with
/// nothing stored and nothing read beyond what was needed.
@Suite struct HostileInputTests {
    static func run(_ name: String, _ bytes: [UInt8], configure: (inout Configuration) -> Void = { _ in }) throws
        -> (TemporaryRoot, JobRecord)
    {
        let root = try TemporaryRoot(configure: configure)
        try root.drop(name, bytes)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 0, "\(name)")
        #expect(root.files("failed").count == 1, "\(name)")
        return (root, job)
    }

    static let documents: [(String, String)] = {
        let records = TypeFormatMatrixTests.cases[0].records
        return [
            ("acme__payments__x.csv", RecordDocuments.csv(records)),
            ("acme__payments__x.json", RecordDocuments.jsonArray(records)),
            ("acme__payments__x.jsonl", RecordDocuments.jsonLines(records)),
            ("acme__payments__x.xml", RecordDocuments.pain001(records)),
        ]
    }()

    @Test func aNulByteFailsEveryFormatNamingIt() throws {
        for (name, text) in Self.documents {
            var bytes = Array(text.utf8)
            let at = try #require(bytes.firstIndex(of: UInt8(ascii: "M")), "a name to break")  // in Müller
            bytes.insert(0, at: at)
            let (_, job) = try Self.run(name, bytes)
            #expect(job.status == .failed, "\(name)")
            #expect(job.error?.code == "nul_byte", "\(name): \(job.error?.code ?? "")")
            #expect(job.error?.message.contains("byte \(at)") == true, "\(name)")
        }
    }

    @Test func utf16WithoutAByteOrderMarkIsToldApart() throws {
        var bytes: [UInt8] = []
        for unit in RecordDocuments.csv(TypeFormatMatrixTests.cases[0].records).utf16 {
            bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        let (_, job) = try Self.run("acme__payments__utf16.csv", bytes)
        #expect(job.error?.code == "nul_byte")
        #expect(job.error?.message.contains("UTF-16") == true)
        #expect(job.error?.message.contains("byte 1") == true, "the high byte of the first UTF-16 unit")
    }

    @Test func overlongUTF8FailsEveryFormat() throws {
        for (name, text) in Self.documents {
            let bytes = Array(text.replacingOccurrences(of: "Müller", with: "M@ller").utf8)
                .flatMap { $0 == UInt8(ascii: "@") ? [0xC0, 0xBC] : [$0] }  // an overlong '<'
            let (_, job) = try Self.run(name, bytes)
            #expect(job.error?.code == "invalid_encoding", "\(name): \(job.error?.code ?? "")")
        }
    }

    @Test func aTwoGigabyteFileOverTheLimitFailsUnread() throws {
        let root = try TemporaryRoot()
        let path = try root.drop("acme__payments__huge.csv", PaymentsCSV.header)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 2_147_483_649)  // sparse: no disk used
        try handle.close()
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        #expect(job.status == .failed)
        #expect(job.error?.code == "file_too_large")
        #expect(job.error?.errorCode == 413)
        #expect(job.sha256 == nil, "not a byte was read")
        #expect(root.files("failed") == ["acme/\(job.jobID)__acme__payments__huge.csv"])
    }

    @Test func aRunawayRecordFailsEveryFormatNamingItsLimit() throws {
        let huge = String(repeating: "A", count: 17 << 20)  // over every reader's record limit
        for (name, text) in Self.documents {
            let bytes = Array(text.replacingOccurrences(of: "Invoice 2026/118", with: huge).utf8)
            let (_, job) = try Self.run(name, bytes)
            #expect(job.status == .failed, "\(name)")
            #expect(job.error?.code == "record_too_long", "\(name): \(job.error?.code ?? "")")
        }
    }
}
