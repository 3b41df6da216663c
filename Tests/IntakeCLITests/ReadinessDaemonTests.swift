import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// `intake watch` and `intake run` on real files: a backlog is taken within its
/// settle window, a writer holding a file open keeps it waiting however quiet,
/// and a daemon that cannot lease says so and falls back to the settle window.
@Suite(.serialized) struct ReadinessDaemonTests {
    func configure(_ root: TemporaryRoot, settle: Double, acmeSettle: Double? = nil) throws {
        var configuration = Configuration()
        configuration.settleSeconds = settle
        configuration.rescanSeconds = 300  // a result within seconds is not the periodic rescan
        configuration.shutdownSeconds = 10
        configuration.workspaces["acme"] = .init(permissions: Set(ImportType.allPermissions))
        configuration.workspaces["acme"]?.settleSeconds = acmeSettle
        try configuration.json().write(toFile: root.root.configuration, atomically: true, encoding: .utf8)
    }

    func stop(_ daemon: IntakeBinary.Running) -> (status: Int32, log: String) {
        kill(daemon.process.processIdentifier, SIGTERM)
        daemon.process.waitUntilExit()
        let log = String(decoding: daemon.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (daemon.process.terminationStatus, log)
    }

    @Test func aBacklogPresentAtStartIsTakenAfterItsSettleWindowNotTheRescan() throws {
        let root = try TemporaryRoot()
        try configure(root, settle: 1)
        try root.drop("acme__payments__backlog.csv", PaymentsCSV.mixed)
        let started = Date()
        let daemon = try IntakeBinary.start(["watch", root.path])
        #expect(try eventually(within: 15) { try root.jobs().first?.status == .done })
        let waited = Date().timeIntervalSince(started)
        #expect(waited >= 1, "taken before its settle window")
        #expect(waited < 15, "waited for the 300 s rescan")
        #expect(stop(daemon).status == 0)
    }

    @Test func aWriterHoldingTheFileOpenKeepsItWaitingPastManySettleWindows() throws {
        let root = try TemporaryRoot()
        try configure(root, settle: 0.3, acmeSettle: 0.3)
        let daemon = try IntakeBinary.start(["watch", root.path])
        #expect(eventually(within: 10) { FileManager.default.fileExists(atPath: root.root.metrics) })
        let rows = PaymentsCSV.valid.joined()
        let path = try root.drop("acme__payments__stalled.csv", "")
        let writer = try #require(FileHandle(forWritingAtPath: path))
        writer.write(Data((PaymentsCSV.header + "PAY-1000,1").utf8))
        // Ten settle windows of silence with the descriptor open: never taken.
        let quietUntil = Date().addingTimeInterval(3)
        while Date() < quietUntil {
            #expect(try root.jobs().isEmpty, "taken while its writer still held it open")
            usleep(100_000)
        }
        writer.write(Data((".78,EUR,2026-06-01,Cut Row,FR7630006000011234567890189,SOGEFRPP,FR,x\n" + rows).utf8))
        writer.closeFile()
        #expect(try eventually(within: 15) { try root.jobs().first?.status == .done })
        let job = try #require(try root.jobs().first)
        #expect(job.total == 4)
        #expect(job.failed == 0)
        #expect(try root.storeCount("acme", "SELECT amount_minor FROM payments WHERE payment_id = 'PAY-1000'") == 178)
        let result = stop(daemon)
        #expect(result.status == 0)
        #expect(!result.log.contains("event=lease_unavailable"), "running as root, leases are available")
        #expect(try root.read("metrics.prom").contains("intake_leases_available 1"))
    }

    @Test func runLeavesAFileStillOpenForWritingForTheNextRun() throws {
        let root = try TemporaryRoot()
        try configure(root, settle: 0.2)
        let path = try root.drop("acme__payments__open.csv", PaymentsCSV.mixed)
        let writer = try #require(FileHandle(forWritingAtPath: path))
        let first = try IntakeBinary.run(["run", root.path])
        #expect(first.status == 0)
        #expect(first.stdout.contains("1 file(s) still changing"))
        #expect(try root.jobs().isEmpty)
        writer.closeFile()
        #expect(try IntakeBinary.run(["run", root.path]).status == 0)
        #expect(try root.jobs().first?.status == .done)
    }

    /// A daemon running as its own user without CAP_LEASE cannot lease the
    /// uploads another user owns: it says so once and the settle window decides.
    @Test func withoutCapLeaseTheDaemonSaysSoAndTheSettleWindowDecides() throws {
        try #require(getuid() == 0, "the suite runs as root to start a daemon as another user")
        let root = try TemporaryRoot()
        try configure(root, settle: 0.5)
        let binary = root.path + "/intake"
        try FileManager.default.copyItem(atPath: IntakeBinary.path, toPath: binary)
        let owned = try Process.run(URL(fileURLWithPath: "/bin/chown"), arguments: ["-R", "nobody:nogroup", root.path])
        owned.waitUntilExit()
        #expect(owned.terminationStatus == 0)
        // The upload belongs to root (another user), readable by all.
        let path = try root.drop("acme__payments__june.csv", PaymentsCSV.mixed)
        #expect(chmod(path, 0o644) == 0)
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        daemon.arguments = ["--reuid=nobody", "--regid=nogroup", "--clear-groups", binary, "watch", root.path]
        let errors = Pipe()
        daemon.standardError = errors
        daemon.standardOutput = FileHandle.nullDevice
        try daemon.run()
        // Only files are watched until the daemon is done: opening the catalogue as root
        // first would leave its WAL files root's and the daemon unable to write.
        #expect(eventually(within: 15) { root.files("archive").count == 1 && root.files("outbox/acme").count == 4 })
        let status = try IntakeBinary.run(["status", root.path])
        #expect(status.stdout.contains("leases: unavailable (no CAP_LEASE"), "\(status.stdout)")
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(daemon.terminationStatus == 0, "\(log)")
        #expect(try root.jobs().first?.status == .done)
        #expect(try root.jobs().first?.total == 12)
        #expect(log.components(separatedBy: "event=lease_unavailable").count == 2, "said once: \(log)")
        #expect(try root.read("metrics.prom").contains("intake_leases_available{reason=\"no CAP_LEASE"))
    }
}
