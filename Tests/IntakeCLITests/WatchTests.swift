import Foundation
import Synchronization
import IntakeFixtures
import IntakeKit
import Testing
import IntakeTestSupport

/// The real `intake watch` process on a temporary root. Waits poll for the
/// expected outcome with a deadline; nothing sleeps for a fixed time to pass.
@Suite struct WatchTests {
    /// Starts a daemon on a root configured with `settle` seconds and a long rescan.
    func startDaemon(_ root: TemporaryRoot, settle: Double, workspaces: [String] = ["acme"]) throws -> IntakeBinary.Running {
        var configuration = Configuration()
        configuration.settleSeconds = settle
        configuration.rescanSeconds = 300  // so a result in seconds proves the inotify path
        configuration.shutdownSeconds = 10
        for id in workspaces { configuration.workspaces[id] = .init(permissions: Set(ImportType.allPermissions)) }
        try configuration.json().write(toFile: root.root.configuration, atomically: true, encoding: .utf8)
        let daemon = try IntakeBinary.start(["watch", root.path])
        #expect(eventually(within: 10) { FileManager.default.fileExists(atPath: root.root.metrics) })
        return daemon
    }

    func stop(_ daemon: IntakeBinary.Running) -> Int32 {
        kill(daemon.process.processIdentifier, SIGTERM)
        daemon.process.waitUntilExit()
        return daemon.process.terminationStatus
    }

    func doneJobs(_ root: TemporaryRoot) throws -> [JobRecord] {
        try root.jobs().filter { $0.status == .done }
    }

    @Test func dropsInBothFormsAreImportedWithoutWaitingForARescan() throws {
        let root = try TemporaryRoot()
        let daemon = try startDaemon(root, settle: 0.2)
        try root.upload("acme__payments__flat.csv", PaymentsCSV.mixed)
        try FileManager.default.createDirectory(atPath: root.root.inbox + "/acme/payments", withIntermediateDirectories: true)
        try root.upload("acme/payments/nested.csv", PaymentsCSV.header + PaymentsCSV.valid.joined())
        #expect(try eventually(within: 20) { try doneJobs(root).count == 2 })
        #expect(try eventually(within: 10) { try root.read("metrics.prom").contains("intake_jobs{status=\"DONE\"} 2") })
        #expect(stop(daemon) == 0)
        let log = String(decoding: daemon.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("event=watch_stopped"))
    }

    @Test func slowlyWrittenFileIsTakenOnlyAfterItSettles() throws {
        let root = try TemporaryRoot()
        let daemon = try startDaemon(root, settle: 2)
        let path = try root.drop("acme__payments__slow.csv", PaymentsCSV.header)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        for index in 0..<8 {
            usleep(200_000)
            handle.seekToEndOfFile()
            handle.write(Data("S-\(index),1.00,EUR,2026-01-01,N,FR7630006000011234567890189,SOGEFRPP,FR,\n".utf8))
            #expect(try root.jobs().isEmpty, "taken while still being written")
        }
        handle.closeFile()
        #expect(try eventually(within: 20) { try doneJobs(root).first?.total == 8 })
        #expect(stop(daemon) == 0)
    }

    @Test func oldModificationTimeDoesNotSkipTheSettleWindow() throws {
        let root = try TemporaryRoot()
        let daemon = try startDaemon(root, settle: 1.5)
        let path = root.root.inbox + "/acme__payments__copied.csv"
        let staging = root.path + "/copied.csv"
        try PaymentsCSV.mixed.write(toFile: staging, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -86_400)], ofItemAtPath: staging)
        let dropped = Date()
        try FileManager.default.moveItem(atPath: staging, toPath: path)
        #expect(try eventually(within: 20) { try doneJobs(root).count == 1 })
        #expect(Date().timeIntervalSince(dropped) >= 1.4, "taken before its settle window")
        #expect(stop(daemon) == 0)
    }

    @Test func markerTakesAFileAtOnceAndPartNamesWait() throws {
        let root = try TemporaryRoot()
        let daemon = try startDaemon(root, settle: 120)
        try root.drop("acme__payments__later.csv.part", PaymentsCSV.mixed)
        try root.drop("acme__payments__now.csv", PaymentsCSV.mixed)
        try root.drop("acme__payments__now.csv.done", "")
        #expect(try eventually(within: 20) { try doneJobs(root).count == 1 })
        #expect(FileManager.default.fileExists(atPath: root.root.inbox + "/acme__payments__later.csv.part"))
        #expect(!FileManager.default.fileExists(atPath: root.root.inbox + "/acme__payments__now.csv.done"))
        #expect(stop(daemon) == 0)
    }

    @Test func brokenConfigurationOnReloadKeepsTheOldOne() throws {
        let root = try TemporaryRoot()
        let daemon = try startDaemon(root, settle: 0)
        try "{ not json".write(toFile: root.root.configuration, atomically: true, encoding: .utf8)
        kill(daemon.process.processIdentifier, SIGHUP)
        try root.drop("acme__payments__after-reload.csv.part", PaymentsCSV.mixed)
        try FileManager.default.moveItem(atPath: root.root.inbox + "/acme__payments__after-reload.csv.part",
                                         toPath: root.root.inbox + "/acme__payments__after-reload.csv")
        #expect(try eventually(within: 20) { try doneJobs(root).count == 1 })
        #expect(stop(daemon) == 0)
        let log = String(decoding: daemon.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("event=config_reload_failed"))
    }

    @Test func twoDaemonsAndRunsImportEachFileOnceAndNeverOverlapAWorkspace() throws {
        let root = try TemporaryRoot()
        let workspaces = (1...20).map { "ws\($0)" }
        let first = try startDaemon(root, settle: 0, workspaces: workspaces)
        let second = try IntakeBinary.start(["watch", root.path])
        // `intake run` from cron, over and over, on the same root at the same time.
        let path = root.path
        let runs = Mutex<(stop: Bool, count: Int, failures: [String])>((false, 0, []))
        let runner = Thread {
            while !runs.withLock({ $0.stop }) {
                let result = try? IntakeBinary.run(["run", path])
                runs.withLock { state in
                    state.count += 1
                    if result?.status != 0 { state.failures.append(result?.stderr ?? "did not start") }
                }
            }
        }
        runner.start()
        var expected = 0
        for index in 0..<200 {
            let workspace = workspaces[index % workspaces.count]
            let rows = PaymentsCSV.valid.map { $0.replacingOccurrences(of: "PAY-", with: "F\(index)-") }.joined()
            try root.upload("\(workspace)__payments__f\(index).csv", PaymentsCSV.header + rows)
            expected += 1
        }
        #expect(try eventually(within: 120) { try root.jobs().filter(\.status.isFinal).count == expected })
        runs.withLock { $0.stop = true }
        _ = eventually(within: 30) { runner.isFinished }
        #expect(stop(first) == 0)
        #expect(stop(second) == 0)
        let (runCount, runFailures) = runs.withLock { ($0.count, $0.failures) }
        #expect(runCount > 0)
        #expect(runFailures.isEmpty, "\(runFailures)")
        let audit = try RootAudit.run(root.root)
        #expect(audit.problems.isEmpty && audit.pending.isEmpty, "\(audit.problems) \(audit.pending)")
        let jobs = try root.jobs()
        #expect(jobs.count == expected)
        #expect(jobs.allSatisfy { $0.status == .done })
        #expect(Set(jobs.map(\.sourceName)).count == expected)
        #expect(root.files("archive").count == expected)
        for workspace in workspaces {
            let spans = jobs.filter { $0.workspace == workspace }
                .compactMap { job in job.startedAt.flatMap { s in job.finishedAt.map { (s, $0) } } }
                .sorted { $0.0 < $1.0 }
            for (a, b) in zip(spans, spans.dropFirst()) {
                #expect(a.1 <= b.0, "two jobs of \(workspace) overlapped")
            }
            #expect(try root.storeCount(workspace, "SELECT count(*) FROM applied_jobs") == 10)
        }
    }

    @Test func terminatedDuringALargeImportExitsCleanlyAndTheJobCompletes() throws {
        let root = try TemporaryRoot()
        let daemon = try startDaemon(root, settle: 0)
        let staging = root.path + "/big.csv"
        _ = try PaymentsGenerator(rows: 150_000, seed: 8).write(toFile: staging)
        try FileManager.default.moveItem(atPath: staging, toPath: root.root.inbox + "/acme__payments__big.csv")
        #expect(try eventually(within: 30) { try root.jobs().first?.status == .running })
        #expect(stop(daemon) == 0)
        // Either it finished in the shutdown window, or it was left for recovery:
        // a new daemon (once it is up: its first metrics) finishes it.
        try FileManager.default.removeItem(atPath: root.root.metrics)
        let restarted = try IntakeBinary.start(["watch", root.path])
        #expect(eventually(within: 10) { FileManager.default.fileExists(atPath: root.root.metrics) })
        #expect(try eventually(within: 60) { try root.jobs().first?.status == .done })
        #expect(stop(restarted) == 0)
        let job = try #require(try root.jobs().first)
        #expect(job.total == 150_000)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 150_000)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM applied_jobs") == 1)
    }
}
