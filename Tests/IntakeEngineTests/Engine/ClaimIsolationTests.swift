import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// A customer who swaps its folder or file for a symbolic link between the scan
/// and the claim can never make Intake move anything outside its own folder.
@Suite struct ClaimIsolationTests {
    static let both: [String: Set<String>] = ["acme": Set(ImportType.allPermissions), "beta": Set(ImportType.allPermissions)]
    static let betaRows = PaymentsCSV.header + PaymentsCSV.valid.map { $0.replacingOccurrences(of: "PAY-", with: "BETA-") }.joined()

    /// Scans, lets `swap` change the inbox, then claims what the scan saw.
    func claimAfterSwap(_ root: TemporaryRoot, swap: () throws -> Void) throws -> [ClaimedJob] {
        let configuration = try Configuration.load(path: root.root.configuration)
        let drops = try InboxScanner(root: root.root, configuration: configuration).scan()
        try swap()
        let catalogue = try SQLiteCatalogue(root: root.root)
        let claims = Claims(root: root.root, configuration: configuration, drivers: .standard, logger: .silent)
        return try drops.compactMap { drop in
            guard case .accepted(let workspace, let type, let format) = drop.route else { return nil }
            return try claims.claim(drop, workspace: workspace, type: type, format: format, catalogue: catalogue)
        }
    }

    func isLink(_ path: String) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
    }

    @Test func aTypeFolderSwappedForALinkToAnotherTenantIsNeverFollowed() throws {
        let root = try TemporaryRoot(workspaces: Self.both)
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        let betaFile = try root.drop("beta/payments/june.csv", Self.betaRows)
        let acme = root.root.inbox + "/acme"
        let claimed = try claimAfterSwap(root) {
            try FileManager.default.moveItem(atPath: acme + "/payments", toPath: acme + "/hidden")
            try FileManager.default.createSymbolicLink(atPath: acme + "/payments", withDestinationPath: "../beta/payments")
        }
        // beta's own drop is claimed into beta; acme's into nothing.
        #expect(claimed.map(\.record.workspace) == ["beta"])
        #expect(!FileManager.default.fileExists(atPath: betaFile), "beta's drop, claimed for beta")
        #expect(!isLink(acme + "/payments"), "the link is removed, not kept")
        let rejected = try #require(try root.jobs().first { $0.workspace == "acme" })
        #expect(rejected.status == .rejected)
        #expect(rejected.error?.code == "path_changed")
        #expect(try root.read("outbox/acme/\(rejected.jobID).result.json").contains("symbolic link"))
        #expect(root.files("work/acme").isEmpty)
        #expect(root.files("failed").isEmpty)
        #expect(root.files("work/beta").count == 1)
    }

    @Test func aLinkToTheRootCannotMoveIntakeJson() throws {
        let root = try TemporaryRoot(workspaces: Self.both)
        try root.drop("acme/payments/intake.json", "[]")
        let before = try root.read("intake.json")
        let acme = root.root.inbox + "/acme"
        let claimed = try claimAfterSwap(root) {
            try FileManager.default.moveItem(atPath: acme + "/payments", toPath: acme + "/hidden")
            try FileManager.default.createSymbolicLink(atPath: acme + "/payments", withDestinationPath: "../..")
        }
        #expect(claimed.isEmpty)
        #expect(try root.read("intake.json") == before)
        #expect(!isLink(acme + "/payments"))
        #expect(root.files("failed").isEmpty)
        #expect(try root.runPass().faults.isEmpty, "the next run of every tenant still starts")
    }

    @Test func aWorkspaceFolderSwappedForALinkIsNeverFollowed() throws {
        let root = try TemporaryRoot(workspaces: Self.both)
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        let betaFile = try root.drop("beta/payments/june.csv", Self.betaRows)
        let inbox = root.root.inbox
        let claimed = try claimAfterSwap(root) {
            try FileManager.default.moveItem(atPath: inbox + "/acme", toPath: inbox + "/acme-hidden")
            try FileManager.default.createSymbolicLink(atPath: inbox + "/acme", withDestinationPath: "beta")
        }
        #expect(claimed.map(\.record.workspace) == ["beta"])
        #expect(claimed.first?.record.sourceName == "june.csv")
        #expect(!FileManager.default.fileExists(atPath: betaFile))
        #expect(!isLink(inbox + "/acme"))
        #expect(try root.jobs().first { $0.workspace == "acme" }?.error?.code == "path_changed")
        #expect(root.files("work/acme").isEmpty)
        #expect(FileManager.default.fileExists(atPath: inbox + "/acme-hidden/payments/june.csv"), "acme's own file untouched")
    }

    @Test func aFileSwappedForALinkAfterTheScanIsRemovedNotKept() throws {
        let root = try TemporaryRoot(workspaces: Self.both)
        let acmeFile = try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        let betaFile = try root.drop("beta/payments/other.csv", Self.betaRows)
        let claimed = try claimAfterSwap(root) {
            try FileManager.default.removeItem(atPath: acmeFile)
            try FileManager.default.createSymbolicLink(atPath: acmeFile, withDestinationPath: betaFile)
        }
        #expect(claimed.map(\.record.workspace) == ["beta"])
        #expect(!FileManager.default.fileExists(atPath: acmeFile) && !isLink(acmeFile))
        let rejected = try #require(try root.jobs().first { $0.workspace == "acme" })
        #expect(rejected.error?.code == "not_a_regular_file")
        #expect(root.files("failed").isEmpty, "a link is never kept in failed/")
    }

    @Test func aNameTooLongForWorkIsImportedUnderAShortenedName() throws {
        let root = try TemporaryRoot()
        // 80 Japanese characters: 240 bytes, a valid name in the inbox.
        let name = String(repeating: "支払", count: 40) + ".csv"
        #expect(name.utf8.count <= 255)
        #expect(("20261130T000000000-00000000__payments__" + name).utf8.count > 255)
        try root.drop("acme/payments/" + name, PaymentsCSV.mixed)
        let pass = try root.runPass()
        #expect(pass.faults.isEmpty)
        let job = try #require(try root.jobs().first)
        #expect(job.status == .done)
        #expect(job.sourceName == name, "the whole name stays in the catalogue")
        #expect(try root.result("acme", job.jobID).dictionary("source")?.string("name") == name)
        let archived = try #require(root.files("archive").first)
        let stored = String(archived.split(separator: "/").last ?? "")
        #expect(stored.utf8.count <= 255)
        #expect(stored.hasPrefix(job.jobID + "__支払"))
        #expect(stored.hasSuffix(".csv"))
        #expect(try root.root.original(of: job) != nil)
        #expect(try RootAudit.run(root.root, content: true).problems.isEmpty)
    }
}
