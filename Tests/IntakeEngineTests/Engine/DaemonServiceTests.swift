import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// The daemon of `intake watch` as a service, in process: its time is a
/// ``ManualClock`` the test moves and it stops when the test fires its
/// ``ShutdownTrigger``; no signal is sent and no test sleeps for the engine.
@Suite struct DaemonServiceTests {
    /// The job of the only drop, once it has ended.
    func endedJob(_ root: TemporaryRoot, _ daemon: InProcessDaemon) throws -> JobRecord? {
        var ended: JobRecord?
        _ = try daemon.clock.waitUntil {
            ended = try root.jobs().first { $0.status.isFinal }
            return ended != nil
        }
        return ended
    }

    @Test func fileStillChangingIsTakenOnlyAfterSettleWindowOfQuiet() throws {
        let root = try TemporaryRoot(settleSeconds: 10) { $0.rescanSeconds = 300 }
        let path = try root.drop("acme/payments/june.csv", PaymentsCSV.header + PaymentsCSV.valid[0])
        let daemon = try InProcessDaemon(root)
        let clock = daemon.clock

        // First sight: the daemon sleeps until the window would end.
        #expect(clock.waitForNextWait(after: 0) == 10)
        clock.advance(by: 6)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(PaymentsCSV.valid[1].utf8))
        try handle.close()

        // Ten seconds after first sight, but the file changed four seconds ago: it waits again, a whole window.
        var waits = clock.waitCount
        clock.advance(by: 4)
        #expect(clock.waitForNextWait(after: waits) == 10)
        #expect(root.files("inbox") == ["acme/payments/june.csv"])
        #expect(root.files("work").isEmpty)
        #expect(try root.jobs().isEmpty)

        waits = clock.waitCount
        clock.advance(by: 9)
        #expect(clock.waitCount == waits)
        #expect(root.files("inbox") == ["acme/payments/june.csv"])

        // Quiet for the whole window: taken, with the rows written after first sight.
        clock.advance(by: 1)
        let job = try #require(try endedJob(root, daemon))
        #expect(job.status == .done)
        #expect(try root.result("acme", job.jobID).int("succeeded") == 2)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 2)
        #expect(root.files("inbox").isEmpty)

        daemon.shutdown.fire()
        #expect(daemon.waitForEnd() == "returned")
    }

    @Test func dropNoEventReportedIsFoundByPeriodicRescan() throws {
        let root = try TemporaryRoot { $0.rescanSeconds = 30 }
        let daemon = try InProcessDaemon(root)
        let clock = daemon.clock

        // Nothing to do: the daemon sleeps until the rescan.
        #expect(clock.waitForNextWait(after: 0) == 30)
        // This clock hears no inotify event: the drop is for a scan to find.
        try root.drop("acme/payments/june.csv", PaymentsCSV.header + PaymentsCSV.valid.joined())
        let waits = clock.waitCount
        clock.advance(by: 29)
        #expect(clock.waitCount == waits)
        #expect(root.files("inbox") == ["acme/payments/june.csv"])
        #expect(try root.jobs().isEmpty)

        clock.advance(by: 1)
        let job = try #require(try endedJob(root, daemon))
        #expect(job.status == .done)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == PaymentsCSV.valid.count)
        #expect(root.files("inbox").isEmpty)
        #expect(root.files("work").isEmpty)

        daemon.shutdown.fire()
        #expect(daemon.waitForEnd() == "returned")
    }

    /// A daemon whose first job is claimed and waits to write to the store, whose
    /// write lock the test holds (a first job, run before, created the store) until
    /// it lets go of the returned connection.
    func jobInFlight(shutdownSeconds: Double, drops: [String]) throws -> (TemporaryRoot, Database, InProcessDaemon) {
        let root = try TemporaryRoot(busyTimeoutSeconds: 600) { $0.shutdownSeconds = shutdownSeconds }
        try root.drop("acme/payments/may.csv", PaymentsCSV.mixed)
        _ = try root.runPass()
        for (name, row) in zip(drops, PaymentsCSV.valid) { try root.drop("acme/payments/" + name, PaymentsCSV.header + row) }
        let holder = try Database(path: root.root.store("acme"))
        try holder.execute("BEGIN IMMEDIATE")
        let daemon = try InProcessDaemon(root)
        #expect(daemon.clock.waitUntil { root.files("work").count == 1 })
        return (root, holder, daemon)
    }

    @Test func shutdownWaitsForJobInFlightAndClaimsNoMore() throws {
        let (root, holder, daemon) = try jobInFlight(shutdownSeconds: 600, drops: ["june-1.csv", "june-2.csv"])
        let clock = daemon.clock
        let waits = clock.waitCount
        daemon.shutdown.fire()
        // The daemon stops its loop and waits for the job (the clock does not move: no deadline passes).
        #expect(clock.waitForNextWait(after: waits) != nil)
        #expect(daemon.ending == nil)
        #expect(root.files("work").count == 1)

        try holder.execute("ROLLBACK")
        #expect(daemon.waitForEnd() == "returned")
        #expect(root.files("work").isEmpty)
        let jobs = try root.jobs()
        #expect(jobs.count == 2)
        #expect(jobs.allSatisfy { $0.status == .done })
        #expect(try SQLiteCatalogue(root: root.root).unfinishedJobs().isEmpty)
        // The turn took no second drop once the trigger fired.
        let left = root.files("inbox")
        #expect(left.count == 1)
        #expect(left.allSatisfy { $0.hasPrefix("acme/payments/june-") })
    }

    @Test func shutdownDeadlineOnItsClockLeavesJobStillRunningForRecovery() throws {
        let (root, holder, daemon) = try jobInFlight(shutdownSeconds: 20, drops: ["june.csv"])
        let clock = daemon.clock
        var waits = clock.waitCount
        daemon.shutdown.fire()
        #expect(clock.waitForNextWait(after: waits) != nil)
        waits = clock.waitCount
        clock.advance(by: 19)
        #expect(clock.waitForNextWait(after: waits) != nil)
        #expect(daemon.ending == nil)

        // `shutdown_seconds` passed on the daemon's clock: it returns and leaves the job claimed.
        clock.advance(by: 1)
        #expect(daemon.waitForEnd() == "returned")
        #expect(root.files("work").count == 1)
        #expect(try SQLiteCatalogue(root: root.root).unfinishedJobs().count == 1)

        // This process goes on, so the job's thread finishes it once the store is free.
        try holder.execute("ROLLBACK")
        #expect(clock.waitUntil { root.files("work").isEmpty })
        #expect(try clock.waitUntil { try SQLiteCatalogue(root: root.root).unfinishedJobs().isEmpty })
    }
}
