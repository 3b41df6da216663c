import Foundation
import IntakeKit
import Testing
@testable import IntakeSystem
import IntakeTestSupport

@Suite struct WorkspaceLockTests {
    @Test func secondHolderIsRefusedUntilRelease() throws {
        let root = try TemporaryRoot()
        let first = try #require(try FileLock.tryAcquire(root: root.root, workspace: "acme", job: "J1"))
        #expect(try FileLock.tryAcquire(root: root.root, workspace: "acme", job: "J2") == nil)
        #expect(try FileLock.tryAcquire(root: root.root, workspace: "other", job: "J3") != nil)
        let holder = try #require(FileLock.holder(root: root.root, workspace: "acme"))
        #expect(holder.job == "J1")
        #expect(holder.pid == String(getpid()))
        #expect(Timestamp(rfc3339: holder.since) != nil)
        let inode = try FileStatus.of(root.root.lock("acme")).inode
        first.release()
        let second = try #require(try FileLock.tryAcquire(root: root.root, workspace: "acme", job: "J2"))
        #expect(FileLock.holder(root: root.root, workspace: "acme")?.job == "J2")
        #expect(try FileStatus.of(root.root.lock("acme")).inode == inode)
        second.release()
    }

    @Test func lockIsReleasedWhenTheOwnerGoesAway() throws {
        let root = try TemporaryRoot()
        do {
            let lock = try FileLock.tryAcquire(root: root.root, workspace: "acme", job: nil)
            #expect(lock != nil)
        }
        #expect(try FileLock.tryAcquire(root: root.root, workspace: "acme", job: nil) != nil)
    }
}
