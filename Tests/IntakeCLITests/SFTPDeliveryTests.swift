import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// Customers deliver over SFTP with OpenSSH's `sftp`, which writes straight to
/// the final name (issue 12). Each test runs a real chrooted `sshd` and the real
/// `intake watch` with the DEFAULT settle window (2 s) and checks that each file
/// is imported exactly once and whole: one job, DONE, every row, the uploaded
/// file's SHA-256, the rows in the store, the archived original exactly what was
/// read, and the customer sees its result in its outbox.
@Suite(.serialized) struct SFTPDeliveryTests {
    @Test func largePutIsImportedWholeOnce() throws {
        let scene = try DeliveryScene()
        defer { scene.close() }
        let server = try #require(scene.server)
        let file = try scene.generate(rows: 300_000, seed: 41)
        let upload = try server.put(file.path, "/inbox/payments/large.csv")
        #expect(upload.status == 0, "\(upload.text)")
        let uploaded = scene.elapsed
        try expectImportedWholeOnce(scene, file, as: "large.csv")
        print("SFTP a: \(file.size) bytes uploaded in \(seconds(uploaded)), imported by \(seconds(scene.elapsed))")
    }

    @Test func clientStoppedMidUploadIsTakenOnlyWhenItFinishes() throws {
        let scene = try DeliveryScene()
        defer { scene.close() }
        let server = try #require(scene.server)
        let file = try scene.generate(rows: 10_000, seed: 42)
        let remote = scene.payments + "/stopped.csv"
        // 8000 Kbit/s: bursts of 255 KiB about 0.26 s apart, so the stop lands mid-file.
        let client = try server.start(["put \(server.quoted(file.path)) /inbox/payments/stopped.csv"], extraOptions: ["-l", "8000"])
        #expect(eventually(within: 20) { (fileSize(remote) ?? 0) >= 200_000 })
        client.send(SIGSTOP)
        let taken = watchForJobs(scene, seconds: 3 * scene.settleSeconds + 0.5)
        // Its size while the client was stopped: still in the inbox, or as it was taken.
        let sizeWhileStopped = try fileSize(remote) ?? Int(scene.root.jobs().first?.sourceBytes ?? -1)
        client.send(SIGCONT)
        let upload = client.finish()
        #expect(upload.status == 0, "\(upload.text)")
        #expect(sizeWhileStopped < file.size, "the client was stopped after the whole file was written")
        #expect(taken == nil, "taken while the client was stopped: \(taken ?? "")")
        print("SFTP b: stopped at \(sizeWhileStopped) of \(file.size) bytes; \(taken ?? "nothing taken during the stop")")
        try expectImportedWholeOnce(scene, file, as: "stopped.csv")
        print("SFTP b: done in \(seconds(scene.elapsed))")
    }

    @Test func winSCPStylePartNameThenRenameIsImportedWholeOnce() throws {
        let scene = try DeliveryScene()
        defer { scene.close() }
        let server = try #require(scene.server)
        let file = try scene.generate(rows: 4_000, seed: 43)
        // 1000 Kbit/s: 255 KiB, a 2 s pause, the rest: the .filepart name must keep it waiting.
        let upload = try server.batch(["put \(server.quoted(file.path)) /inbox/payments/winscp.csv.filepart",
                                       "rename /inbox/payments/winscp.csv.filepart /inbox/payments/winscp.csv"],
                                      extraOptions: ["-l", "1000"])
        #expect(upload.status == 0, "\(upload.text)")
        try expectImportedWholeOnce(scene, file, as: "winscp.csv")
        #expect(try scene.jobs(named: "winscp.csv.filepart").isEmpty)
        print("SFTP c: done in \(seconds(scene.elapsed))")
    }

    @Test func killedUploadResumedWithinTheSettleWindowIsImportedWholeOnce() throws {
        let scene = try DeliveryScene()
        defer { scene.close() }
        let server = try #require(scene.server)
        let file = try scene.generate(rows: 20_000, seed: 44)
        let remote = scene.payments + "/resumed.csv"
        let client = try server.start(["put \(server.quoted(file.path)) /inbox/payments/resumed.csv"], extraOptions: ["-l", "8000"])
        #expect(eventually(within: 20) { (fileSize(remote) ?? 0) >= 300_000 })
        client.send(SIGKILL)
        let killed = Date()
        _ = client.finish()
        let partial = fileSize(remote) ?? -1
        let resume = try server.start(["reput \(server.quoted(file.path)) /inbox/payments/resumed.csv"])
        _ = eventually(within: 10) { fileSize(remote) != partial || !resume.process.isRunning }
        let resumedAfter = Date().timeIntervalSince(killed)
        let output = resume.finish()
        #expect(output.status == 0, "\(output.text)")
        // The scenario: the resume starts writing before the partial file has been still for a settle window.
        #expect(resumedAfter < scene.settleSeconds, "the resume came \(seconds(resumedAfter)) after the kill")
        print("SFTP d1: killed at \(partial) of \(file.size) bytes; reput wrote again \(seconds(resumedAfter)) after the kill")
        try expectImportedWholeOnce(scene, file, as: "resumed.csv")
        print("SFTP d1: done in \(seconds(scene.elapsed))")
    }

    @Test func killedUploadResumedAfterTheSettleWindowLosesNothingSilently() throws {
        let scene = try DeliveryScene()
        defer { scene.close() }
        let server = try #require(scene.server)
        let file = try scene.generate(rows: 20_000, seed: 45)
        let remote = scene.payments + "/late.csv"
        let client = try server.start(["put \(server.quoted(file.path)) /inbox/payments/late.csv"], extraOptions: ["-l", "8000"])
        #expect(eventually(within: 20) { (fileSize(remote) ?? 0) >= 300_000 })
        client.send(SIGKILL)
        _ = client.finish()
        let partial = fileSize(remote) ?? -1
        // Nobody has it open any more: after the settle window the partial file is a drop like any other.
        #expect(try scene.settled(within: 30))
        let resume = try server.batch(["reput \(server.quoted(file.path)) /inbox/payments/late.csv"])
        print("SFTP d2: killed at \(partial) of \(file.size) bytes; reput after the import: status \(resume.status): \(resume.text)")
        // What really happens: the remote file is gone (claimed), so OpenSSH's reput fails, visibly, and writes nothing.
        #expect(resume.status != 0)
        #expect(resume.text.contains("No such file"))
        #expect(try scene.settled(within: 10))
        #expect(scene.inboxFiles.isEmpty, "the failed reput left \(scene.inboxFiles)")
        let jobs = try scene.jobs(named: "late.csv")
        #expect(jobs.count == 1, "\(describe(jobs))")
        let job = try #require(jobs.first)
        let original = try #require(scene.original(of: job))
        let archived = try scene.root.readBytes(original)
        // The partial file was imported as what it is, and nothing was mixed into its archived original.
        #expect(job.status == .done)
        #expect(original.hasPrefix("archive/"))
        #expect(archived.count == partial)
        #expect(Int64(archived.count) == job.sourceBytes, "archived \(archived.count) bytes, the job read \(job.sourceBytes ?? -1)")
        #expect(archived == Array(file.bytes.prefix(archived.count)))
        #expect(job.sha256 == SHA256.hash(archived))
        #expect(job.total == dataRows(archived) && job.total < file.rows, "imported \(job.total) of \(file.rows) rows")
        // Its result makes the cut visible: the last line is not ended (or, cut at a line end, nothing is lost in it).
        let warnings = try scene.root.result(DeliveryScene.workspace, job.jobID).array("document_warnings")
        #expect(warnings.contains { $0.string("code") == "no_final_line_break" } || archived.last == UInt8(ascii: "\n"),
                "\(warnings)")
        #expect(try eventually(within: 10) { try server.list("/outbox").contains(job.jobID + ".result.json") })
        print("SFTP d2: partial job \(job.total) rows of \(file.rows); done in \(seconds(scene.elapsed))")
    }

    @Test func rateLimitedUploadWithPausesLongerThanTheSettleWindowIsImportedWholeOnce() throws {
        let scene = try DeliveryScene()
        defer { scene.close() }
        let server = try #require(scene.server)
        let file = try scene.generate(rows: 2_900, seed: 46)
        // At 200 Kbit/s sftp sends 255 KiB, then sleeps about 10 s: the file needs more than one burst.
        try #require(file.size > 261_120 + 10_000)
        let remote = scene.payments + "/slow.csv"
        let client = try server.start(["put \(server.quoted(file.path)) /inbox/payments/slow.csv"], extraOptions: ["-l", "200"])
        let bursts = writePattern(remote, while: client)
        let upload = client.finish()
        #expect(upload.status == 0, "\(upload.text)")
        let gaps = zip(bursts, bursts.dropFirst()).map { $1.at - $0.at }
        print("SFTP e: sizes seen \(bursts.map { "\(seconds($0.at)):\($0.size)" }.joined(separator: " "))")
        #expect(gaps.contains { $0 > scene.settleSeconds }, "no pause longer than the settle window: \(gaps)")
        try expectImportedWholeOnce(scene, file, as: "slow.csv")
        print("SFTP e: done in \(seconds(scene.elapsed))")
    }

    @Test func localWriterPausingWithTheFileOpenIsImportedWholeOnce() throws {
        let scene = try DeliveryScene(sftp: false)
        defer { scene.close() }
        let file = try scene.generate(rows: 20_000, seed: 47)
        let bytes = file.bytes
        let path = scene.payments + "/paused.csv"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        try #require(fd >= 0)
        #expect(writeAll(fd, bytes[..<(bytes.count / 2)]))
        let taken = watchForJobs(scene, seconds: 3 * scene.settleSeconds)
        let rest = writeAll(fd, bytes[(bytes.count / 2)...])
        close(fd)
        #expect(rest, "the second half could not be written")
        #expect(taken == nil, "taken while its writer held it open: \(taken ?? "")")
        try expectImportedWholeOnce(scene, file, as: "paused.csv")
        print("SFTP f1: \(taken ?? "nothing taken during the pause"); done in \(seconds(scene.elapsed))")
    }

    @Test func rowsAppendedAfterTheFileWasTakenAreNeverSilentlyLost() throws {
        let scene = try DeliveryScene(sftp: false)
        defer { scene.close() }
        let file = try scene.generate(rows: 6_000, seed: 48)
        let bytes = file.bytes
        let newlines = bytes.indices.filter { bytes[$0] == 10 }
        let split = newlines[3_000] + 1  // the header and 3,000 rows, then the other 3,000
        let path = scene.payments + "/appended.csv"
        let first = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        try #require(first >= 0)
        #expect(writeAll(first, bytes[..<split]))
        close(first)
        usleep(useconds_t(3 * scene.settleSeconds * 1_000_000))  // the scenario: the writer comes back later
        let second = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)  // as `cat more.csv >> appended.csv`
        try #require(second >= 0)
        #expect(writeAll(second, bytes[split...]))
        close(second)
        #expect(try scene.settled())
        // Either one job imported it all, or the appended part ended visibly on its own:
        // every row is in a DONE job or in a FAILED job's original, once, and each
        // original is exactly what its job read.
        let jobs = try scene.jobs(named: "appended.csv")
        var originals: [UInt8] = []
        var accounted = 0
        let header = Array(bytes[...newlines[0]])
        for job in jobs {
            let original = try #require(scene.original(of: job), "no original for \(job.jobID)")
            let kept = try scene.root.readBytes(original)
            #expect(Int64(kept.count) == job.sourceBytes, "\(original): \(kept.count) bytes, the job read \(job.sourceBytes ?? -1)")
            originals += kept
            switch job.status {
            case .done: accounted += job.total
            case .failed: accounted += dataRows(kept) + (kept.starts(with: header) ? 0 : 1)
            default: Issue.record("job \(job.jobID) ended \(job.status)")
            }
        }
        #expect(accounted == file.rows, "rows accounted \(accounted) of \(file.rows): \(describe(jobs))\n\(scene.daemonLog)")
        let same = originals == bytes  // compared outside #expect, which would print both arrays
        #expect(same, "the originals (\(originals.count) bytes) are not the \(bytes.count) bytes written, each once")
        let done = jobs.filter { $0.status == .done }.reduce(0) { $0 + $1.total }
        #expect(try scene.root.storeCount(DeliveryScene.workspace, "SELECT count(*) FROM entries") == done)
        print("SFTP f2: \(describe(jobs)); done in \(seconds(scene.elapsed))")
    }
}
