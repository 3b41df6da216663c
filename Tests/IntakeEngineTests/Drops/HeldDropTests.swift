import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// A claimed file is leased for its import: a writer that opens it is not held
/// back (the lease is given up in the signal handler) and the change is seen.
@Suite struct HeldDropTests {
    @Test func aWriterOpeningALeasedFileBreaksTheLeaseAndIsSeen() throws {
        let root = try TemporaryRoot()
        let path = try root.drop("acme__payments__june.csv", PaymentsCSV.mixed)
        guard case .held(let held) = try HeldDrop.open(path, lease: true) else {
            Issue.record("a file nobody writes must be leased")
            return
        }
        #expect(held.leased)
        #expect(try held.change(at: path) == nil)
        let started = Date()
        let fd = open(path, O_WRONLY)
        #expect(fd >= 0)
        // The kernel makes the writer wait up to lease-break-time (45 s) unless the holder lets go.
        #expect(Date().timeIntervalSince(started) < 5, "the writer was held back by the lease")
        close(fd)
        let change = try #require(try held.change(at: path))
        #expect(change.openedForWriting)
        #expect(change.sizeNow == change.sizeBefore)
        #expect(change.description.contains("opened it for writing"))
    }

    @Test func aFileOpenForWritingCannotBeHeld() throws {
        let root = try TemporaryRoot()
        let path = try root.drop("acme__payments__june.csv", PaymentsCSV.mixed)
        let writer = try #require(FileHandle(forWritingAtPath: path))
        defer { writer.closeFile() }
        guard case .beingWritten = try HeldDrop.open(path, lease: true) else {
            Issue.record("a file open for writing must not be leased")
            return
        }
    }

    @Test func withoutALeaseAGrowthIsStillSeen() throws {
        let root = try TemporaryRoot()
        let path = try root.drop("acme__payments__june.csv", PaymentsCSV.mixed)
        guard case .held(let held) = try HeldDrop.open(path, lease: false) else {
            Issue.record("lease: false always opens")
            return
        }
        #expect(!held.leased)
        let writer = try #require(FileHandle(forWritingAtPath: path))
        writer.seekToEndOfFile()
        writer.write(Data("more\n".utf8))
        writer.closeFile()
        let change = try #require(try held.change(at: path))
        #expect(change.sizeNow == change.sizeBefore + 5)
        #expect(!change.openedForWriting)
    }

    @Test func probeFindsLeasesOnThisFilesystem() throws {
        let root = try TemporaryRoot()
        let support = LeaseSupport.probe(folder: root.root.work)
        // The suite runs as root (CAP_LEASE) on a local filesystem; the fallback is
        // tested with a daemon of another user in LeaseFallbackTests.
        #expect(support.available)
        #expect(support.reason == nil)
        #expect(root.files("work").isEmpty, "the probe file is removed")
    }
}
