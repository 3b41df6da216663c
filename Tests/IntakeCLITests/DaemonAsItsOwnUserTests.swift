import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// The daemon as the README runs it, as its own user (here `nobody`), facing
/// uploads another user owns: an unreadable file and over-long names each get
/// a result at once while the drops behind them import; and a wall clock that
/// steps back an hour does not hold a settled drop.
@Suite(.serialized) struct DaemonAsItsOwnUserTests {
    /// A root owned by `nobody`, with `intake` copied into it (the build folder
    /// may not be reachable by another user).
    func rootForNobody(settle: Double) throws -> (TemporaryRoot, String) {
        let root = try TemporaryRoot()
        var configuration = try Configuration.load(path: root.root.configuration)
        configuration.settleSeconds = settle
        configuration.rescanSeconds = 300
        try configuration.json().write(toFile: root.root.configuration, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: root.root.inbox + "/acme/payments", withIntermediateDirectories: true)
        let binary = root.path + "/intake"
        try FileManager.default.copyItem(atPath: IntakeBinary.path, toPath: binary)
        let chown = try Process.run(URL(fileURLWithPath: "/bin/chown"), arguments: ["-R", "nobody:nogroup", root.path])
        chown.waitUntilExit()
        #expect(chown.terminationStatus == 0)
        return (root, binary)
    }

    func startAsNobody(_ binary: String, _ root: TemporaryRoot, environment: [String: String] = [:]) throws -> (Process, Pipe) {
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        daemon.arguments = ["--reuid=nobody", "--regid=nogroup", "--clear-groups", binary, "watch", root.path]
        daemon.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let errors = Pipe()
        daemon.standardError = errors
        daemon.standardOutput = FileHandle.nullDevice
        try daemon.run()
        return (daemon, errors)
    }

    func stop(_ daemon: Process, _ errors: Pipe) -> String {
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        return String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    @Test func anUnreadableFileAndOverLongNamesGetResultsWhileTheDropsBehindThemImport() throws {
        try #require(getuid() == 0, "the suite runs as root to start a daemon as another user")
        let (root, binary) = try rootForNobody(settle: 0.5)
        // Uploaded by root (another user than the daemon's), oldest first.
        let locked = try root.drop("acme/payments/a-locked.csv", PaymentsCSV.mixed)
        #expect(chmod(locked, 0o600) == 0)
        let old = Date(timeIntervalSinceNow: -3600)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: locked)
        var names: [String] = []
        for index in 1...3 {
            let name = "b\(index)-" + String(repeating: "支払", count: 40) + ".csv"
            names.append(name)
            let path = try root.drop("acme/payments/" + name, PaymentsCSV.header + PaymentsCSV.valid[index - 1])
            try FileManager.default.setAttributes([.modificationDate: old.addingTimeInterval(Double(index))], ofItemAtPath: path)
        }
        try root.drop("acme/payments/c.csv", PaymentsCSV.mixed)
        try root.drop("acme/payments/d.csv", PaymentsCSV.header + PaymentsCSV.valid.joined())
        let started = Date()
        let (daemon, errors) = try startAsNobody(binary, root)
        // Files only until the daemon is done (see LeaseFallback in ReadinessDaemonTests).
        #expect(eventually(within: 20) { root.files("outbox/acme").filter { $0.hasSuffix(".result.json") }.count == 6 })
        #expect(Date().timeIntervalSince(started) < 20)
        let log = stop(daemon, errors)
        let jobs = try root.jobs()
        #expect(jobs.count == 6, "\(log)")
        let failed = try #require(jobs.first { $0.sourceName == "a-locked.csv" })
        #expect(failed.status == .failed)
        #expect(failed.error?.code == "unreadable")
        #expect(failed.error?.message.contains("mode 0600") == true)
        #expect(failed.attempts == 1, "failed at once, not retried")
        for name in names {
            let job = try #require(jobs.first { $0.sourceName == name })
            #expect(job.status == .done)
            #expect(job.total == 1)
        }
        #expect(jobs.filter { $0.status == .done }.count == 5)
        #expect(!log.contains("event=job_fault"), "\(log)")
        #expect(root.files("inbox").isEmpty)
    }

    @Test func aWallClockSteppingBackAnHourDoesNotHoldASettlingDrop() throws {
        let library = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"
        try #require(FileManager.default.fileExists(atPath: library), "scripts/setup.sh installs faketime")
        let root = try TemporaryRoot()
        var configuration = try Configuration.load(path: root.root.configuration)
        configuration.settleSeconds = 2
        configuration.rescanSeconds = 300
        try configuration.json().write(toFile: root.root.configuration, atomically: true, encoding: .utf8)
        let offset = root.path + "/faketime"
        try "+0\n".write(toFile: offset, atomically: true, encoding: .utf8)
        let daemon = Process()
        // Through sh's exec: a Swift binary preloaded with libfaketime straight from
        // posix_spawn loses its arguments (seen here); from a shell it does not.
        daemon.executableURL = URL(fileURLWithPath: "/bin/sh")
        daemon.arguments = ["-c", "exec \"$0\" \"$@\"", IntakeBinary.path, "watch", root.path]
        daemon.environment = [
            "PATH": "/usr/bin:/bin", "LD_PRELOAD": library, "FAKETIME_TIMESTAMP_FILE": offset, "FAKETIME_NO_CACHE": "1",
            "FAKETIME_DONT_FAKE_MONOTONIC": "1",
        ]
        let errors = Pipe()
        daemon.standardError = errors
        try daemon.run()
        #expect(eventually(within: 10) { FileManager.default.fileExists(atPath: root.root.metrics) })
        try root.drop("acme__payments__june.csv", PaymentsCSV.mixed)
        #expect(eventually(within: 5) {
            String(decoding: FileManager.default.contents(atPath: root.root.metrics) ?? Data(), as: UTF8.self)
                .contains("intake_files_waiting{workspace=\"acme\"} 1")
        })
        // NTP steps the wall clock back an hour while the drop settles.
        try "-3600\n".write(toFile: offset, atomically: true, encoding: .utf8)
        let stepped = Date()
        #expect(try eventually(within: 15) { try root.jobs().first?.status == .done })
        #expect(Date().timeIntervalSince(stepped) < 10, "held back by the wall clock")
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(daemon.terminationStatus == 0, "\(log)")
        let job = try #require(try root.jobs().first)
        // The recorded times are the (stepped) wall clock's: an hour behind.
        #expect(job.queuedAt.milliseconds < Timestamp.now().milliseconds - 3_000_000)
    }
}
