import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// The one readiness check of `run` and `watch`: settle from first sight on a
/// monotonic clock, markers, per-workspace windows, and real read leases.
@Suite struct ReadinessTests {
    func drops(_ root: TemporaryRoot, _ configuration: Configuration) throws -> [Drop] {
        try InboxScanner(root: root.root, configuration: configuration).scan()
    }

    func configuration(settle: Double = 2, acmeSettle: Double? = nil) -> Configuration {
        var configuration = Configuration()
        configuration.settleSeconds = settle
        configuration.workspaces["acme"] = .init(permissions: Set(ImportType.allPermissions))
        configuration.workspaces["beta"] = .init(permissions: Set(ImportType.allPermissions))
        configuration.workspaces["acme"]?.settleSeconds = acmeSettle
        return configuration
    }

    @Test func aDropSettlesAfterItsWindowFromFirstSightNotFromItsMtime() throws {
        let root = try TemporaryRoot(workspaces: ["acme": Set(ImportType.allPermissions)])
        try root.drop("acme__payments__june.csv", PaymentsCSV.mixed)
        let config = configuration()
        var readiness = Readiness(leaseTest: { _ in .held })
        var review = readiness.review(try drops(root, config), at: 100, configuration: config)
        #expect(review.settled.isEmpty)
        #expect(review.waiting == 1)
        #expect(review.nextCheck == 2)
        review = readiness.review(try drops(root, config), at: 101.5, configuration: config)
        #expect(review.settled.isEmpty)
        #expect(review.nextCheck == 0.5)
        review = readiness.review(try drops(root, config), at: 102, configuration: config)
        #expect(review.settled.map(\.fileName) == ["acme__payments__june.csv"])
        #expect(review.nextCheck == nil)
    }

    @Test func aChangeStartsTheWindowAgain() throws {
        let root = try TemporaryRoot()
        let path = try root.drop("acme__payments__june.csv", PaymentsCSV.header)
        let config = configuration()
        var readiness = Readiness(leaseTest: { _ in .held })
        _ = readiness.review(try drops(root, config), at: 0, configuration: config)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(PaymentsCSV.valid[0].utf8))
        handle.closeFile()
        var review = readiness.review(try drops(root, config), at: 1.9, configuration: config)
        #expect(review.settled.isEmpty)
        #expect(review.nextCheck == 2)
        review = readiness.review(try drops(root, config), at: 3.9, configuration: config)
        #expect(review.settled.count == 1)
    }

    @Test func aMarkerMakesADropReadyAtOnce() throws {
        let root = try TemporaryRoot()
        try root.drop("acme__payments__june.csv", PaymentsCSV.mixed)
        try root.drop("acme__payments__june.csv.done", "")
        let config = configuration()
        var readiness = Readiness(leaseTest: { _ in .held })
        #expect(readiness.review(try drops(root, config), at: 0, configuration: config).settled.count == 1)
    }

    @Test func eachWorkspaceHasItsOwnWindow() throws {
        let root = try TemporaryRoot(workspaces: ["acme": Set(ImportType.allPermissions), "beta": Set(ImportType.allPermissions)])
        try root.drop("acme__payments__slow-link.csv", PaymentsCSV.mixed)
        try root.drop("beta__payments__fast.csv", PaymentsCSV.mixed)
        let config = configuration(settle: 1, acmeSettle: 10)
        var readiness = Readiness(leaseTest: { _ in .held })
        _ = readiness.review(try drops(root, config), at: 0, configuration: config)
        let review = readiness.review(try drops(root, config), at: 1, configuration: config)
        #expect(review.settled.map(\.fileName) == ["beta__payments__fast.csv"])
        #expect(review.nextCheck == 9)
    }

    @Test func aFileHeldOpenForWritingIsNotReadyHoweverQuiet() throws {
        let root = try TemporaryRoot()
        let path = try root.drop("acme__payments__june.csv", PaymentsCSV.mixed)
        let config = configuration(settle: 0)
        var readiness = Readiness(leaseTest: Readiness.testLease(inbox: root.root.inbox))
        let writer = try #require(FileHandle(forWritingAtPath: path))
        let held = readiness.confirm(try drops(root, config))
        #expect(held.ready.isEmpty)
        #expect(held.beingWritten == 1)
        writer.closeFile()
        let free = readiness.confirm(try drops(root, config))
        #expect(free.ready.count == 1)
        #expect(free.beingWritten == 0)
    }

    @Test func aReaderDoesNotHoldADropBack() throws {
        let root = try TemporaryRoot()
        let path = try root.drop("acme__payments__june.csv", PaymentsCSV.mixed)
        let reader = try #require(FileHandle(forReadingAtPath: path))
        defer { reader.closeFile() }
        #expect(Readiness.testLease(path) == .held)
    }

    @Test func theTestLeaseIsGivenBackSoAWriterIsNeverHeldUp() throws {
        let root = try TemporaryRoot()
        let path = try root.drop("acme__payments__june.csv", PaymentsCSV.mixed)
        #expect(Readiness.testLease(path) == .held)
        // Were the lease still held, this open would wait for the lease-break time (45 s).
        let started = Date()
        let writer = try #require(FileHandle(forWritingAtPath: path))
        writer.closeFile()
        #expect(Date().timeIntervalSince(started) < 5)
    }
}
