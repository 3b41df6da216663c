import Foundation
import Testing

@testable import IntakeKit
import IntakeTestSupport

/// `.gz` and `.zip` drops made by the real `gzip` and `zip`: read through their
/// layers into the document's reader, nothing decompressed on disk, with the
/// job's `source.sha256` of the file as dropped and `content_sha256` of the document.
@Suite struct CompressedDropTests {
    static let csv = Array(PaymentsCSV.mixed.utf8)

    static func run(_ name: String, _ bytes: [UInt8], configure: (inout Configuration) -> Void = { _ in })
        throws -> (TemporaryRoot, JobRecord) {
        let root = try TemporaryRoot(configure: configure)
        try root.drop(name, bytes)
        _ = try root.runPass()
        return (root, try #require(try root.jobs().first))
    }

    static func expectStoredLikePlain(_ root: TemporaryRoot, _ job: JobRecord, layers: [String], dropped: [UInt8]) throws {
        #expect(job.status == .done, "\(job.error?.code ?? "") \(job.error?.message ?? "")")
        #expect(job.total == PaymentsCSV.valid.count + PaymentsCSV.invalid.count)
        #expect(job.succeeded == PaymentsCSV.valid.count)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM payments") == PaymentsCSV.valid.count)
        let result = try root.result("acme", job.jobID)
        let source = try #require(result.dictionary("source"))
        #expect(source["layers"] as? [String] == layers)
        #expect(source.string("format") == "csv")
        #expect(source.string("sha256") == SHA256.hash(dropped))
        #expect(source.string("content_sha256") == SHA256.hash(csv))
        #expect(source.int("bytes") == dropped.count)
        // The rejected file is the document's kind, not the layer's.
        #expect(root.files("outbox/acme").contains("\(job.jobID).rejected.csv"))
        #expect(root.files("archive").count == 1)
    }

    @Test func gzipDropImportsLikeItsCSV() throws {
        let files = try LayeredFiles()
        let gz = try files.gzip("june.csv", Self.csv)
        let (root, job) = try Self.run("acme__payments__june.csv.gz", gz)
        try Self.expectStoredLikePlain(root, job, layers: ["gzip"], dropped: gz)
        #expect(job.sourceLayers == ["gzip"] && job.contentSha256 == SHA256.hash(Self.csv))
    }

    @Test func zipDropImportsLikeItsCSV() throws {
        let files = try LayeredFiles()
        let zip = try files.zip("june.csv.zip", [("june.csv", Self.csv)])
        let (root, job) = try Self.run("acme/payments/june.CSV.ZIP", zip)
        try Self.expectStoredLikePlain(root, job, layers: ["zip"], dropped: zip)
    }

    @Test func zipInsideGzipIsHeldInMemoryAndRead() throws {
        let files = try LayeredFiles()
        let zip = try files.zip("june.csv.zip", [("june.csv", Self.csv)])
        let both = try files.gzip("outer.zip", zip)
        let (root, job) = try Self.run("acme__payments__june.csv.zip.gz", both)
        try Self.expectStoredLikePlain(root, job, layers: ["gzip", "zip"], dropped: both)
    }

    @Test func workbookInsideGzipIsRead() throws {
        let files = try LayeredFiles()
        let workbook = try XLSXTestKit.fixture("libreoffice-drop.xlsx")
        let (plainRoot, plain) = try Self.run("acme__payments__drop.xlsx", workbook)
        let (root, job) = try Self.run("acme__payments__drop.xlsx.gz", try files.gzip("drop.xlsx", workbook))
        #expect(job.status == .done, "\(job.error?.message ?? "")")
        #expect(job.total == plain.total && job.succeeded == plain.succeeded && job.total > 0)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM payments") == plainRoot.storeCount("acme", "SELECT count(*) FROM payments"))
        #expect(job.contentSha256 == SHA256.hash(workbook))
    }

    @Test func sameCompressedFileTwiceIsADuplicate() throws {
        let files = try LayeredFiles()
        let gz = try files.gzip("june.csv", Self.csv)
        let root = try TemporaryRoot()
        try root.drop("acme__payments__june.csv.gz", gz)
        _ = try root.runPass()
        try root.drop("acme__payments__again.csv.gz", gz)
        _ = try root.runPass()
        let statuses = try root.jobs().map(\.status).sorted { $0.rawValue < $1.rawValue }
        #expect(statuses == [.done, .duplicate])
    }

    @Test func gzipBombFailsWithNothingStored() throws {
        // 16 MiB of one valid row repeated, deflated about 1000:1: refused past 1 MiB at 100:1.
        let row = Array(PaymentsCSV.valid[0].utf8)
        var text = Array(PaymentsCSV.header.utf8)
        text.reserveCapacity(16 << 20)
        while text.count < 16 << 20 { text += row }
        let files = try LayeredFiles()
        let gz = try files.gzip("bomb.csv", text)
        #expect(gz.count < 100 << 10)
        let (root, job) = try Self.run("acme__payments__bomb.csv.gz", gz)
        #expect(job.status == .failed)
        #expect(job.error?.code == "decompression_limit", "\(job.error?.code ?? "") \(job.error?.message ?? "")")
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 0)
        #expect(root.files("failed/acme").count == 1)
    }

    @Test func layerOverMaxFileBytesFails() throws {
        let files = try LayeredFiles()
        let gz = try files.gzip("june.csv", Self.csv)
        let (root, job) = try Self.run("acme__payments__june.csv.gz", gz) { $0.maxFileBytes = Int64(gz.count + 10) }
        #expect(Self.csv.count > gz.count + 10)
        #expect(job.status == .failed && job.error?.code == "decompression_limit", "\(job.error?.code ?? "")")
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 0)
    }

    @Test func damagedGzipFailsWithItsCode() throws {
        let files = try LayeredFiles()
        let gz = try files.gzip("june.csv", Self.csv)
        var flipped = gz
        flipped[gz.count / 2] ^= 0xFF
        let cases: [(String, [UInt8])] = [
            ("not-gzip", Self.csv),
            ("cut", Array(gz.prefix(gz.count - 12))),
            ("flipped", flipped),
            ("junk-after", gz + Array("trailing junk\n".utf8)),
        ]
        for (label, bytes) in cases {
            let (root, job) = try Self.run("acme__payments__\(label).csv.gz", bytes)
            #expect(job.status == .failed, "\(label)")
            #expect(job.error?.code == "gzip_invalid", "\(label): \(job.error?.code ?? "") \(job.error?.message ?? "")")
            #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 0, "\(label)")
        }
    }

    @Test func concatenatedGzipMembersAreOneDocument() throws {
        let files = try LayeredFiles()
        let half = Array(PaymentsCSV.header.utf8) + Array(PaymentsCSV.valid[0].utf8)
        let rest = Array(PaymentsCSV.valid[1...].joined().utf8)
        let both = try files.gzip("a.csv", half) + files.gzip("b.csv", rest)
        let (_, job) = try Self.run("acme__payments__cat.csv.gz", both)
        #expect(job.status == .done && job.succeeded == PaymentsCSV.valid.count, "\(job.error?.message ?? "")")
    }

    @Test func zipMustHoldExactlyOneDocumentOfItsKind() throws {
        let files = try LayeredFiles()
        let row = Array(PaymentsCSV.valid[0].utf8)
        let two = try files.zip("two.zip", [("a.csv", Self.csv), ("b.csv", Self.csv)])
        let folder = try files.zip("folder.zip", [("export/june.csv", Self.csv)], flags: ["-r"])
        let other = try files.zip("other.zip", [("june.json", row)])
        let slip = LayeredFiles.replacing("xx/slip.csv", with: "../slip.csv", in: try files.zip("slip.zip", [("xx/slip.csv", Self.csv)], flags: ["-D"]))
        for (label, bytes) in [("two", two), ("folder", folder), ("other", other), ("slip", slip)] {
            let (root, job) = try Self.run("acme__payments__\(label).csv.zip", bytes)
            #expect(job.status == .failed, "\(label)")
            #expect(job.error?.code == "archive_contents", "\(label): \(job.error?.code ?? "") \(job.error?.message ?? "")")
            #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 0, "\(label)")
            #expect(root.files("failed/acme").count == 1, "\(label)")
        }
    }

    @Test func damagedZipFails() throws {
        let files = try LayeredFiles()
        let zip = try files.zip("june.zip", [("june.csv", Self.csv)])
        for (label, bytes) in [("cut", Array(zip.prefix(zip.count / 2))), ("text", Self.csv)] {
            let (_, job) = try Self.run("acme__payments__\(label).csv.zip", bytes)
            #expect(job.status == .failed && job.error?.code == "zip_invalid", "\(label): \(job.error?.code ?? "")")
        }
    }

    @Test func layersAloneOrUnknownInsideAreRefusedByName() throws {
        let files = try LayeredFiles()
        let gz = try files.gzip("june.csv", Self.csv)
        for name in ["acme__payments__june.gz", "acme__payments__june.doc.gz"] {
            let (root, job) = try Self.run(name, gz)
            #expect(job.status == .rejected && job.error?.code == "unsupported_format", "\(name)")
            #expect(root.files("failed/acme").count == 1)
        }
    }

    @Test func appliedLayeredJobIsRecoveredThroughItsLayers() throws {
        let files = try LayeredFiles()
        let gz = try files.gzip("june.csv", Self.csv)
        let (root, job) = try Self.run("acme/payments/june.csv.gz", gz)
        let errors = try root.read("outbox/acme/\(job.jobID).errors.csv")
        try rewindToApplied(root, job, workName: ClaimedJob.workName(job: job.jobID, type: .payments, name: "june.csv.gz"))
        _ = try root.runPass()
        let recovered = try #require(try root.jobs().first)
        #expect(recovered.status == .done, "\(recovered.error?.message ?? "")")
        #expect(recovered.sha256 == SHA256.hash(gz) && recovered.contentSha256 == SHA256.hash(Self.csv))
        #expect(recovered.sourceLayers == ["gzip"])
        #expect(try root.read("outbox/acme/\(job.jobID).errors.csv") == errors)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM applied_jobs") == 1)
    }
}
