import Foundation
import IntakeFixtures
import IntakeKit
import Testing
import IntakeTestSupport

/// The short version of `tests/reliability/crash_loop.py`: 20 SIGKILLs at
/// random moments of `intake run` and `intake watch`, then nothing is lost,
/// nothing is half stored and nothing is stored twice.
@Suite struct CrashLoopTests {
    /// Starts `arguments`, kills it after `delay` seconds if it still runs; true when killed.
    static func killAfter(_ delay: Double, _ arguments: [String]) throws -> Bool {
        let running = try IntakeBinary.start(arguments)
        usleep(UInt32(delay * 1_000_000))
        guard running.process.isRunning else { return false }
        kill(running.process.processIdentifier, SIGKILL)
        running.process.waitUntilExit()
        return true
    }

    /// Every dropped name has one finished job with its original filed and its result written.
    static func expectAccounted(_ root: TemporaryRoot, dropped: [String]) throws {
        let jobs = try root.jobs()
        for name in dropped {
            let finished = jobs.filter { $0.sourceName == name && $0.status.isFinal }
            #expect(finished.count == 1, "\(name): \(jobs.filter { $0.sourceName == name }.map(\.status))")
            guard let job = finished.first else { continue }
            #expect(try root.root.original(of: job) != nil, "\(name): original filed")
            #expect(FileManager.default.fileExists(atPath: root.root.outbox(job.workspace) + "/\(job.jobID).result.json"))
        }
        #expect(root.files("inbox").isEmpty)
        #expect(root.files("work").isEmpty)
        let audit = try RootAudit.run(root.root)
        #expect(audit.problems.isEmpty, "\(audit.problems)")
        #expect(audit.pending.isEmpty, "\(audit.pending)")
    }

    @Test func twentyKillsLoseNothing() throws {
        var state: UInt64 = 20  // a fixed seed: the same kill moments every run
        func delay(_ upTo: Double) -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return 0.01 + upTo * Double(state >> 54) / 1024
        }

        // Ten kills of `intake run` importing one large file; the eleventh run finishes it.
        let big = try TemporaryRoot(maxAttempts: 1000)
        let rows = 60_000
        var bigDrops: [String] = []
        var invalid = 0
        /// A new large file whenever the last one got imported before its kill came: always something to kill.
        func dropBig() throws {
            let name = "acme__payments__big\(bigDrops.count).csv"
            let staging = big.path + "/" + name
            let counts = try PaymentsGenerator(rows: rows, seed: 5 + UInt64(bigDrops.count)).write(toFile: staging)
            let text = try String(contentsOfFile: staging, encoding: .utf8)
                .replacingOccurrences(of: "\nPAY-", with: "\nB\(bigDrops.count)-")
            try text.write(toFile: staging, atomically: true, encoding: .utf8)
            try FileManager.default.moveItem(atPath: staging, toPath: big.root.inbox + "/" + name)
            bigDrops.append(name)
            invalid += counts.values.reduce(0, +)
        }
        try dropBig()
        var kills = 0
        for _ in 0..<40 where kills < 10 {
            if try Self.killAfter(delay(1.2), ["run", big.path]) {
                kills += 1
            } else if try big.jobs().allSatisfy(\.status.isFinal) {
                try dropBig()
            }
        }
        #expect(try IntakeBinary.run(["run", big.path]).status == 0)
        let jobs = try big.jobs()
        #expect(jobs.count == bigDrops.count)
        #expect(jobs.allSatisfy { $0.status == .done && $0.total == rows })
        #expect(try big.storeCount("acme", "SELECT count(*) FROM payments") == rows * bigDrops.count - invalid)
        try Self.expectAccounted(big, dropped: bigDrops)

        // Ten kills of `intake watch` while twenty drops arrive in four workspaces.
        let workspaces = ["w1", "w2", "w3", "w4"]
        let burst = try TemporaryRoot(workspaces: Dictionary(uniqueKeysWithValues: workspaces.map { ($0, Set(ImportType.allPermissions)) }),
                                      maxAttempts: 1000)
        var dropped: [String] = []
        var watchKills = 0
        for round in 0..<40 where watchKills < 10 {
            for index in (round * 2)..<min(round * 2 + 2, 20) {
                let name = "\(workspaces[index % 4])__payments__drop\(index).csv"
                let text = String(decoding: PaymentsGenerator(rows: 300, seed: UInt64(100 + index)).generateInMemory().bytes,
                                  as: UTF8.self).replacingOccurrences(of: "\nPAY-", with: "\nD\(index)-")
                try burst.drop("." + name + ".tmp", text)
                try FileManager.default.moveItem(atPath: burst.root.inbox + "/." + name + ".tmp", toPath: burst.root.inbox + "/" + name)
                dropped.append(name)
            }
            if try Self.killAfter(delay(0.5), ["watch", burst.path]) { watchKills += 1 }
        }
        #expect(kills + watchKills == 20, "\(kills) kills of run, \(watchKills) of watch")
        let last = try IntakeBinary.start(["watch", burst.path])
        let settled = try eventually(within: 60) {
            let audit = try RootAudit.run(burst.root)
            return burst.files("inbox").isEmpty && audit.pending.isEmpty
        }
        kill(last.process.processIdentifier, SIGTERM)
        last.process.waitUntilExit()
        #expect(settled)
        #expect(last.process.terminationStatus == 0)
        try Self.expectAccounted(burst, dropped: dropped)
    }
}
