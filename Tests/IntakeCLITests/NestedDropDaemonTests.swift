import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// The real `intake watch` with folders below a type folder: a folder made
/// after the daemon started is watched (the rescan is 300 s, so a result in
/// seconds proves inotify), a file too deep is answered, and waiting files,
/// nested ones and those held open by a writer (`writer_open`), show in
/// `metrics.prom` and `intake status`.
@Suite struct NestedDropDaemonTests {
    static let rows = PaymentsCSV.header + PaymentsCSV.valid.joined()

    /// The daemon as `WatchTests` starts it (every permission for `acme`, rescan 300 s), with the type folder made.
    func startDaemon(_ root: TemporaryRoot, settle: Double) throws -> IntakeBinary.Running {
        try FileManager.default.createDirectory(atPath: root.root.inbox + "/acme/payments", withIntermediateDirectories: true)
        return try WatchTests().startDaemon(root, settle: settle)
    }

    func stop(_ daemon: IntakeBinary.Running) -> Int32 { WatchTests().stop(daemon) }

    /// Whether one of `pid`'s inotify descriptors watches the folder at `path`
    /// (`/proc/PID/fdinfo` lists each watch's inode).
    func watches(_ pid: pid_t, _ path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else { return false }
        let inode = "ino:" + String(status.st_ino, radix: 16) + " "
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fdinfo")) ?? []
        return descriptors.contains { fd in
            ((try? String(contentsOfFile: "/proc/\(pid)/fdinfo/\(fd)", encoding: .utf8)) ?? "").contains(inode)
        }
    }

    /// The value of one sample of `metrics.prom` (`name{labels}`), if present.
    func sample(_ root: TemporaryRoot, _ series: String) -> Double? {
        let text = (try? root.read("metrics.prom")) ?? ""
        return text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    /// Writes a file and its `.done` marker.
    func deliver(_ root: TemporaryRoot, _ relative: String) throws {
        try root.drop(relative, NestedDropDaemonTests.rows)
        try root.drop(relative + ".done", "")
    }

    @Test func aFolderMadeAfterTheDaemonStartedIsWatchedAndAFileTooDeepIsAnswered() throws {
        let root = try TemporaryRoot()
        let daemon = try startDaemon(root, settle: 0.2)
        let pid = daemon.process.processIdentifier
        let batch = root.root.inbox + "/acme/payments/batch-7"
        try FileManager.default.createDirectory(atPath: batch, withIntermediateDirectories: false)
        #expect(eventually(within: 10) { watches(pid, batch) }, "the new folder is not watched")
        try deliver(root, "acme/payments/batch-7/june.csv")
        #expect(try eventually(within: 10) { try root.jobs().contains { $0.sourceName == "batch-7/june.csv" && $0.status == .done } })
        // Three more folders, made one by one, make a file four folders deep.
        var deep = batch
        for name in ["a", "b", "c"] {
            deep += "/" + name
            try FileManager.default.createDirectory(atPath: deep, withIntermediateDirectories: false)
            #expect(eventually(within: 10) { watches(pid, deep) }, "\(deep) is not watched")
        }
        try deliver(root, "acme/payments/batch-7/a/b/c/deep.csv")
        #expect(try eventually(within: 10) { try root.jobs().contains { $0.sourceName == "batch-7/a/b/c/deep.csv" } })
        #expect(stop(daemon) == 0)
        let jobs = try root.jobs()
        let done = try #require(jobs.first { $0.sourceName == "batch-7/june.csv" })
        #expect(done.total == PaymentsCSV.valid.count)
        #expect(try root.result("acme", done.jobID)["status"] as? String == "DONE")
        #expect(root.files("archive").contains { $0.hasSuffix("/" + done.jobID + "__batch-7__june.csv") }, "\(root.files("archive"))")
        let refused = try #require(jobs.first { $0.sourceName == "batch-7/a/b/c/deep.csv" })
        #expect(refused.status == .rejected && refused.error?.code == "too_deep")
        let result = try root.result("acme", refused.jobID)
        #expect((result["source"] as? [String: Any])?["name"] as? String == "batch-7/a/b/c/deep.csv")
        #expect(root.files("failed") == ["acme/\(refused.jobID)__batch-7__a__b__c__deep.csv"])
        #expect(root.files("inbox").isEmpty, "nothing waits: \(root.files("inbox"))")
    }

    @Test func nestedWaitingFilesAreCountedInMetricsAndStatus() throws {
        let root = try TemporaryRoot()
        let daemon = try startDaemon(root, settle: 600)  // nothing is taken while the test looks
        try root.drop("acme/payments/batch-7/june.csv", NestedDropDaemonTests.rows)
        try root.drop("acme/payments/a/b/c/july.csv", NestedDropDaemonTests.rows)
        try root.drop("acme__payments__top.csv", NestedDropDaemonTests.rows)
        #expect(eventually(within: 10) { sample(root, "intake_files_waiting{workspace=\"acme\"}") == 3 })
        #expect(sample(root, "intake_files_writer_open{workspace=\"acme\"}") == 0)
        #expect(PrometheusText.problems((try? root.read("metrics.prom")) ?? "") == [])
        let glance = try IntakeBinary.run(["status", root.path])
        #expect(glance.stdout.contains("inbox: acme 3 (oldest"), "\(glance.stdout)")
        let listed = try IntakeBinary.run(["status", root.path, "--inbox", "--json"])
        let lines = try listed.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(Set(lines.compactMap { $0["name"] as? String }) == ["batch-7/june.csv", "a/b/c/july.csv", "acme__payments__top.csv"])
        #expect(lines.allSatisfy { $0["state"] as? String == "settling" && $0["workspace"] as? String == "acme" }, "\(lines)")
        #expect(stop(daemon) == 0)
    }

    @Test func aFileHeldOpenForWritingShowsWriterOpenWithItsAge() throws {
        let root = try TemporaryRoot()
        let daemon = try startDaemon(root, settle: 0.2)
        try FileManager.default.createDirectory(atPath: root.root.inbox + "/acme/payments/batch-7", withIntermediateDirectories: false)
        let path = root.root.inbox + "/acme/payments/batch-7/held.csv"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        try #require(fd >= 0)
        #expect(writeAll(fd, Array(NestedDropDaemonTests.rows.utf8)[...]))
        // Its writer last wrote an hour ago and still holds it open.
        var times = [timespec(tv_sec: time(nil) - 3600, tv_nsec: 0), timespec(tv_sec: time(nil) - 3600, tv_nsec: 0)]
        #expect(futimens(fd, &times) == 0)
        #expect(eventually(within: 10) { sample(root, "intake_files_writer_open{workspace=\"acme\"}") == 1 })
        #expect((sample(root, "intake_oldest_writer_open_seconds{workspace=\"acme\"}") ?? 0) >= 3600)
        #expect(PrometheusText.problems((try? root.read("metrics.prom")) ?? "") == [])
        let glance = try IntakeBinary.run(["status", root.path])
        #expect(glance.stdout.contains("1 writer_open: held by a writer, oldest 36"), "\(glance.stdout)")
        let listed = try IntakeBinary.run(["status", root.path, "--inbox", "--json"])
        let line = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any], "\(listed.stdout)")
        #expect(line["name"] as? String == "batch-7/held.csv")
        #expect(line["state"] as? String == "writer_open")
        #expect((line["age_seconds"] as? Double ?? 0) >= 3600)
        let text = try IntakeBinary.run(["status", root.path, "--inbox"])
        #expect(text.stdout.contains("writer_open") && text.stdout.contains("acme/payments/batch-7/held.csv"), "\(text.stdout)")
        #expect(try root.jobs().isEmpty, "taken while its writer held it open")
        close(fd)
        #expect(try eventually(within: 10) { try root.jobs().contains { $0.sourceName == "batch-7/held.csv" && $0.status == .done } })
        #expect(eventually(within: 10) { sample(root, "intake_files_writer_open{workspace=\"acme\"}") == 0 })
        #expect(stop(daemon) == 0)
    }

    @Test func aFolderIntakeMayNotWriteHoldsBackNothingBehindIt() throws {
        try #require(getuid() == 0, "the suite runs as root to run intake as another user")
        let (root, binary) = try DaemonAsItsOwnUserTests().rootForNobody(settle: 0)
        // A folder made by another user with sftp's usual mode: Intake (nobody) reads it but cannot take files out.
        let locked = try root.drop("acme/payments/batch-7/a.csv", NestedDropDaemonTests.rows)
        #expect(chmod(root.root.inbox + "/acme/payments/batch-7", 0o755) == 0)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: locked)
        let behind = try root.drop("acme/payments/b.csv", NestedDropDaemonTests.rows)
        #expect(chown(behind, 65534, 65534) == 0)
        let run = try SystemTools.run("/usr/bin/setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", binary, "run", root.path])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("event=drop_not_movable"), "\(run.output)")
        let jobs = try root.jobs()
        #expect(jobs.map(\.sourceName) == ["b.csv"] && jobs.first?.status == .done, "\(describe(jobs))")
        #expect(root.files("inbox") == ["acme/payments/batch-7/a.csv"], "the file waits where it is")
    }
}

