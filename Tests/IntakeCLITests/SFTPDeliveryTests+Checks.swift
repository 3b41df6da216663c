import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

extension SFTPDeliveryTests {
    /// The drop `name` ended as exactly one DONE job holding every row of
    /// `file`, its content (SHA-256, size), the rows in the store, an archived
    /// original that is exactly what the job read, and (over SFTP) a result the
    /// customer can list in its outbox.
    func expectImportedWholeOnce(
        _ scene: DeliveryScene, _ file: GeneratedFile, as name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let settled = try scene.settled()
        let all = try scene.root.jobs()
        #expect(settled, "the drop did not end: inbox \(scene.inboxFiles), jobs \(describe(all))",
                sourceLocation: sourceLocation)
        let jobs = try scene.jobs(named: name)
        #expect(jobs.count == 1, "\(jobs.count) jobs for \(name): \(describe(jobs))", sourceLocation: sourceLocation)
        guard let job = jobs.first else { return }
        #expect(job.status == .done, "\(describe(jobs))", sourceLocation: sourceLocation)
        #expect(job.total == file.rows, "imported \(job.total) of \(file.rows) rows", sourceLocation: sourceLocation)
        #expect(job.failed == file.invalid, "\(job.failed) rows failed, the file has \(file.invalid) invalid", sourceLocation: sourceLocation)
        #expect(job.sha256 == file.sha256, "the job's SHA-256 is not the uploaded file's", sourceLocation: sourceLocation)
        #expect(job.sourceBytes == Int64(file.size), "the job read \(job.sourceBytes ?? -1) of \(file.size) bytes",
                sourceLocation: sourceLocation)
        let entries = try scene.root.storeCount(DeliveryScene.workspace, "SELECT count(*) FROM entries")
        let records = try scene.root.storeCount(DeliveryScene.workspace, "SELECT count(*) FROM payments")
        #expect(entries == file.rows, "\(entries) entries in the store for \(file.rows) rows", sourceLocation: sourceLocation)
        #expect(records == file.rows - file.invalid, "\(records) records in the store, expected \(file.rows - file.invalid)",
                sourceLocation: sourceLocation)
        // The archived original is what was imported: nothing was written into it afterwards.
        let original = scene.original(of: job)
        #expect(original?.hasPrefix("archive/") == true, "original: \(original ?? "none")", sourceLocation: sourceLocation)
        let archived = try original.map { try scene.root.readBytes($0) } ?? []
        #expect(Int64(archived.count) == job.sourceBytes,
                "the archived original has \(archived.count) bytes, the job read \(job.sourceBytes ?? -1)", sourceLocation: sourceLocation)
        if let server = scene.server {
            let listed = try eventually(within: 10) { try server.list("/outbox").contains(job.jobID + ".result.json") }
            let names = listed ? [] : try server.list("/outbox")
            #expect(listed, "the customer does not see \(job.jobID).result.json in its outbox: \(names)",
                    sourceLocation: sourceLocation)
        }
    }

    /// Polls the catalogue for `seconds`; the first job seen, described, or nil.
    func watchForJobs(_ scene: DeliveryScene, seconds duration: Double) -> String? {
        let start = Date()
        var taken: String?
        while Date().timeIntervalSince(start) < duration {
            if taken == nil, let job = (try? scene.root.jobs())?.first {
                taken = "job \(job.jobID) \(seconds(Date().timeIntervalSince(start))) in, \(job.status)"
            }
            usleep(50_000)
        }
        if taken != nil, let job = (try? scene.root.jobs())?.first {
            taken = (taken ?? "") + ", now \(job.status) with \(job.total) rows of \(job.sourceBytes ?? -1) bytes"
        }
        return taken
    }

    /// The sizes a remote file goes through while `client` runs, with the time
    /// since the call (sampled every 20 ms through a read-only descriptor, which
    /// follows the file if it is renamed).
    func writePattern(_ path: String, while client: SFTPClient) -> [(at: Double, size: Int)] {
        let start = Date()
        var samples: [(at: Double, size: Int)] = []
        var fd: Int32 = -1
        defer { if fd >= 0 { close(fd) } }
        func sample() {
            if fd < 0 { fd = open(path, O_RDONLY | O_CLOEXEC) }
            var status = stat()
            if fd >= 0, fstat(fd, &status) == 0, samples.last?.size != Int(status.st_size) {
                samples.append((Date().timeIntervalSince(start), Int(status.st_size)))
            }
        }
        while client.process.isRunning {
            sample()
            usleep(20_000)
        }
        sample()  // the last burst may come just before the client ends
        return samples
    }
}

/// A file's size, or nil when it is not there.
func fileSize(_ path: String) -> Int? {
    var status = stat()
    return stat(path, &status) == 0 ? Int(status.st_size) : nil
}

/// Writes all of `bytes` to `fd`.
func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>) -> Bool {
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            guard let base = buffer.baseAddress else { return false }
            let n = write(fd, base + offset, buffer.count - offset)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }
}

func seconds(_ value: Double) -> String { String(format: "%.2f s", value) }


