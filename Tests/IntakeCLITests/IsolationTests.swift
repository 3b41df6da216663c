import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// A drop can only ever write to its own workspace, and nothing outside the
/// inbox is ever read through it.
@Suite struct IsolationTests {
    static let configuration: Configuration = {
        var c = Configuration()
        c.workspaces["acme"] = .init(permissions: Set(ImportType.allPermissions))
        return c
    }()

    @Test func namesThatTryToLeaveTheirWorkspaceAreRefused() {
        for components in [
            ["..__payments__x.csv"], ["acme/..__payments__x.csv"], ["acme\0__payments__x.csv"],
            ["acme__payments__x.csv\0.csv"], ["..", "payments", "x.csv"], ["acme", "..", "x.csv"],
            ["acme", "payments", "..", "x.csv"], ["ACME__payments__x.csv"], ["acme ", "payments", "x.csv"],
        ] {
            guard case .refused = DropName.route(components, configuration: Self.configuration) else {
                Testing.Issue.record("\(components) was accepted")
                continue
            }
        }
    }

    @Test func aLinkToAFileOutsideTheInboxIsNeverRead() throws {
        let root = try TemporaryRoot()
        try FileManager.default.createDirectory(atPath: root.root.inbox + "/acme/payments", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root.root.inbox + "/acme/payments/passwd.csv", withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: root.root.inbox + "/acme__payments__dir.csv", withDestinationPath: "/etc")
        _ = try root.runPass()
        let jobs = try root.jobs()
        #expect(jobs.count == 2)
        #expect(jobs.allSatisfy { $0.status == .rejected && $0.error?.code == "not_a_regular_file" && $0.sha256 == nil })
        for file in root.files("outbox") {
            #expect(!(try root.read("outbox/" + file)).contains("root:"), "\(file) holds nothing of /etc/passwd")
        }
        #expect(root.files("failed").isEmpty, "no link is kept: it would still point outside the root")
        #expect(root.files("inbox").isEmpty)
        #expect(jobs.allSatisfy { $0.error?.message.contains("the link was removed from the inbox") == true })
        #expect(FileManager.default.fileExists(atPath: "/etc/passwd"), "the target is untouched")
    }

    @Test func aHardLinkedFileIsRefusedUnread() throws {
        let root = try TemporaryRoot()
        let outside = root.path + "/elsewhere.csv"
        try Data(PaymentsCSV.mixed.utf8).write(to: URL(fileURLWithPath: outside))
        try FileManager.default.linkItem(atPath: outside, toPath: root.root.inbox + "/acme__payments__linked.csv")
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        #expect(job.status == .rejected)
        #expect(job.error?.code == "hard_linked")
        #expect(job.sha256 == nil, "not a byte was read")
        #expect(!FileManager.default.fileExists(atPath: root.root.store("acme")))
        #expect(FileManager.default.fileExists(atPath: outside))
    }

    @Test func anUnconfiguredWorkspaceGetsNoFolderNoStoreNoOutbox() throws {
        let root = try TemporaryRoot()
        try root.drop("initech__payments__q.csv", PaymentsCSV.mixed)
        try root.drop("initech/payments/q.csv", PaymentsCSV.mixed)
        _ = try root.runPass()
        for folder in [root.root.outbox("initech"), root.root.store("initech"), root.root.work("initech"), root.root.failed("initech")] {
            #expect(!FileManager.default.fileExists(atPath: folder), "\(folder)")
        }
        #expect(try root.jobs().allSatisfy { $0.workspace == "_unrouted" || $0.status == .rejected })
    }

    @Test func outboxFilesAreNeverWiderThanTheOriginalOrTheConfiguredMode() throws {
        for (original, configured, expected) in [(0o644, 0o640, 0o640), (0o600, 0o640, 0o600), (0o666, 0o600, 0o600)] as [(Int, UInt32, Int)] {
            let root = try TemporaryRoot { $0.outboxMode = configured }
            let path = try root.drop("acme__payments__a.csv", PaymentsCSV.mixed)
            try FileManager.default.setAttributes([.posixPermissions: original], ofItemAtPath: path)
            _ = try root.runPass()
            for file in root.files("outbox/acme") {
                let mode = try FileManager.default.attributesOfItem(atPath: root.root.outbox("acme") + "/" + file)[.posixPermissions] as? Int
                #expect(mode == expected, "\(file): \(String(mode ?? 0, radix: 8)) for original \(String(original, radix: 8)), outbox_mode \(String(configured, radix: 8))")
            }
        }
    }
}
