import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// `intake import` of a layered file (the built binary): routed by the
/// document's extension under its layers, read through them.
@Suite struct LayeredImportTests {
    static let csv = Array(PaymentsCSV.mixed.utf8)

    @Test func importCommandTakesALayeredFile() throws {
        let files = try LayeredFiles()
        let root = try TemporaryRoot()
        let path = try files.write("june.csv.gz", try files.gzip("june.csv", Self.csv))
        let run = try IntakeBinary.run(["import", root.path, "--workspace", "acme", "--type", "payments", path])
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        let job = try #require(try root.jobs().first)
        #expect(job.status == .done && job.sourceLayers == ["gzip"])
    }
}

/// While `intake import` reads a 300,000-row encrypted file, nothing on disk
/// (the root's folders but the store, and the process's TMPDIR) ever holds its plaintext: a
/// watcher thread reads every file there over and over until the import ends.
@Suite struct NoPlaintextOnDiskTests {
    final class Watcher: @unchecked Sendable {
        // Safe to share: `done` and `found` are used under `lock`.
        private let lock = NSLock()
        private var done = false
        private var found: [String] = []
        private(set) var passes = 0
        let folders: [String]
        let marker: [UInt8]

        init(folders: [String], marker: String) {
            self.folders = folders
            self.marker = Array(marker.utf8)
        }

        func run() {
            while !lock.withLock({ done }) {
                for folder in folders {
                    for name in TemporaryRoot.files(below: folder) {
                        guard let data = FileManager.default.contents(atPath: folder + "/" + name) else { continue }
                        if data.range(of: Data(marker)) != nil { lock.withLock { found.append(name) } }
                    }
                }
                lock.withLock { passes += 1 }
            }
        }

        func stop() -> (found: [String], passes: Int) {
            lock.withLock {
                done = true
                return (found, passes)
            }
        }
    }

    /// Runs `intake import` of `path` into `root` with TMPDIR `temporary` while a
    /// watcher reads every file below `folders` for `marker`: the run, and where the marker was found.
    static func importWatched(_ root: TemporaryRoot, _ path: String, temporary: String, folders: [String], marker: String)
        throws -> (run: IntakeBinary.Output, found: [String])
    {
        let watcher = Watcher(folders: folders + [temporary], marker: marker)
        let thread = Thread { watcher.run() }
        thread.start()
        let run = try IntakeBinary.run(["import", root.path, "--workspace", "acme", "--type", "payments", path],
                                       environment: ["TMPDIR": temporary])
        let (found, passes) = watcher.stop()
        #expect(passes > 0)
        return (run, found)
    }

    @Test func anEncryptedImportLeavesNoPlaintextAnywhere() throws {
        let root = try TemporaryRoot()
        let (customer, customerKey, keys, intakeKey) = try GPGHome.exchange(root: root)
        let marker = "PLAIN-" + UUID().uuidString
        var text = PaymentsCSV.header
        for index in 0..<300_000 {
            text += "P\(index),10.00,EUR,2026-06-01,Marie Dubois,FR7630006000011234567890189,SOGEFRPP,FR,\(marker)\n"
        }
        let sealed = try customer.encrypt(Array(text.utf8), to: intakeKey, signer: customerKey)
        let files = try LayeredFiles()
        let path = try files.write("june.csv.pgp", sealed)
        let temporary = files.folder + "/tmp"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)

        // Every folder of the root but the store (`data/`, where the imported rows belong) and TMPDIR.
        let folders = ["inbox", "work", "outbox", "archive", "failed", "keys"].map { root.path + "/" + $0 }
        let (run, found) = try Self.importWatched(root, path, temporary: temporary, folders: folders, marker: marker)
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        #expect(found.isEmpty, "plaintext found in \(found)")
        let job = try #require(try root.jobs().first)
        #expect(job.status == .done && job.succeeded == 300_000 && job.sourceLayers == ["openpgp"])
        _ = keys
    }

    @Test func encryptedReportsOfFailedRowsLeaveNoPlaintextAnywhere() throws {
        let customer = try GPGHome()
        let customerKey = try customer.generate("Customer")
        let root = try TemporaryRoot { $0.workspaces["acme"]?.openPGP.encryptReportsTo = customerKey }
        let keys = try GPGHome(path: root.root.keys)
        try keys.importKey(try customer.exportPublic(customerKey))
        // Every row fails (an unknown currency) and carries the marker: the errors file, the rejected rows,
        // the HTML report and result.json's progress (more than its 256 KiB in memory) all hold it in plain.
        let marker = "PLAIN-" + UUID().uuidString
        var text = PaymentsCSV.header
        for index in 0..<20_000 {
            text += "P\(index),10.00,EUX,2026-06-01,Marie Dubois,FR7630006000011234567890189,SOGEFRPP,FR,\(marker)\n"
        }
        let files = try LayeredFiles()
        let path = try files.write("june.csv", Array(text.utf8))
        let temporary = files.folder + "/tmp"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        let (run, found) = try Self.importWatched(root, path, temporary: temporary, folders: [root.path + "/outbox"], marker: marker)
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        #expect(found.isEmpty, "plaintext found in \(found)")
        let job = try #require(try root.jobs().first)
        #expect(job.status == .done && job.failed == 20_000)
        #expect(run.stdout.contains("\(job.jobID).result.json.pgp"), "\(run.stdout)")
        let errors = try customer.decrypt(try root.readBytes("outbox/acme/\(job.jobID).errors.csv.pgp"))
        #expect(errors.split(separator: "\n").count == 20_001 && errors.contains("currency_unknown"))
        let rejected = try customer.decrypt(try root.readBytes("outbox/acme/\(job.jobID).rejected.csv.pgp"))
        #expect(rejected.components(separatedBy: marker).count - 1 == 20_000)
        let result = try customer.decrypt(try root.readBytes("outbox/acme/\(job.jobID).result.json.pgp"))
        #expect(result.components(separatedBy: "\"currency_unknown\"").count - 1 == 10_000)
    }
}
