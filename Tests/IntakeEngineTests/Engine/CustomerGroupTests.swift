import Foundation
import IntakeKit
import Testing
@testable import IntakeSystem
import IntakeTestSupport

/// `customer_group`: a chrooted SFTP customer reads its reports whatever the
/// mode of its upload, and `intake init` lays out folders it cannot swap.
@Suite struct CustomerGroupTests {
    static let gid: UInt32 = 47_123  // root may give any gid; no such group is needed

    func status(_ path: String) throws -> FileStatus { try FileStatus.of(path) }

    @Test func reportsOfAPrivateUploadAreReadableByTheCustomerGroup() throws {
        let root = try TemporaryRoot { $0.workspaces["acme"]?.customerGroup = Self.gid }
        let upload = try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        #expect(chmod(upload, 0o600) == 0)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        #expect(job.status == .done)
        let folder = try status(root.root.outbox("acme"))
        #expect(folder.group == Self.gid)
        #expect(folder.permissions == 0o2750)
        let files = root.files("outbox/acme")
        #expect(files.count == 4)
        for name in files {
            let file = try status(root.root.outbox("acme") + "/" + name)
            #expect(file.group == Self.gid, "\(name)")
            #expect(file.permissions == 0o640, "\(name): group read from outbox_mode, the upload was 0600")
        }
    }

    @Test func withoutACustomerGroupReportsStayNoWiderThanTheUpload() throws {
        let root = try TemporaryRoot()
        let upload = try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        #expect(chmod(upload, 0o600) == 0)
        _ = try root.runPass()
        for name in root.files("outbox/acme") {
            #expect(try status(root.root.outbox("acme") + "/" + name).permissions == 0o600, "\(name)")
        }
    }

    @Test func configurationTakesAGroupByNameOrNumberAndRefusesAnUnknownOne() throws {
        func parse(_ group: String) throws -> Configuration {
            try Configuration.parse(Data("{\"workspaces\": {\"acme\": {\"customer_group\": \(group)}}}".utf8), path: "intake.json")
        }
        #expect(try parse("\"root\"").workspaces["acme"]?.customerGroup == 0)
        #expect(try parse("1001").workspaces["acme"]?.customerGroup == 1001)
        #expect(try parse("\"1002\"").workspaces["acme"]?.customerGroup == 1002)
        let error = #expect(throws: ConfigurationError.self) { try parse("\"no-such-group-here\"") }
        #expect(error?.message.contains("workspaces.acme.customer_group") == true)
        let written = try parse("1001").json()
        #expect(try Configuration.parse(Data(written.utf8), path: "x").workspaces["acme"]?.customerGroup == 1001)
    }

    @Test func initLaysOutFoldersTheCustomerWritesButCannotReplace() throws {
        let root = try TemporaryRoot { configuration in
            configuration.workspaces["acme"] = .init(permissions: ["payment_checks_write", "beneficiaries_write"])
            configuration.workspaces["acme"]?.customerGroup = Self.gid
        }
        let before = try root.read("intake.json")
        let result = try IntakeBinary.run(["init", root.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try root.read("intake.json") == before, "a configured workspace keeps what the file says")
        let daemon = try status(root.root.inbox).owner
        let home = try status(root.root.inbox + "/acme")
        #expect(home.owner == 0 && home.group == 0 && home.permissions == 0o755)
        for type in ["payments", "beneficiaries"] {
            let folder = try status(root.root.inbox + "/acme/" + type)
            #expect(folder.owner == daemon && folder.group == Self.gid && folder.permissions == 0o2770, "\(type)")
        }
        #expect(!FileManager.default.fileExists(atPath: root.root.inbox + "/acme/payments_history"), "only permitted types")
        let outbox = try status(root.root.outbox("acme"))
        #expect(outbox.group == Self.gid && outbox.permissions == 0o2750)
    }
}
