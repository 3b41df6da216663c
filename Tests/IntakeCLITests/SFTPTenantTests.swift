import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// The README's SFTP recipe with `customer_group`, laid out by `intake init`,
/// against a real `sshd` and the real daemon: the customer writes its files,
/// cannot touch its folders, never reaches another tenant through a link, and
/// lists and downloads its own reports as itself, even of a 0600 upload.
@Suite(.serialized) struct SFTPTenantTests {
    @Test func aCustomerReadsItsReportsAndCannotReachAnotherTenant() throws {
        let scene = try DeliveryScene(customerGroup: true, others: ["beta"])
        defer { scene.close() }
        let server = try #require(scene.server)
        // beta's file, delivered by beta's own means.
        let betaRows = PaymentsCSV.header + PaymentsCSV.valid.map { $0.replacingOccurrences(of: "PAY-", with: "BETA-") }.joined()
        try scene.root.drop("beta/payments/june.csv", betaRows)

        // The customer cannot rename or replace its type folder, nor add a link beside it.
        let rename = try server.batch(["rename /inbox/payments /inbox/hidden"])
        #expect(rename.status != 0, "\(rename.text)")
        let folderLink = try server.batch(["symlink ../beta/payments /inbox/other"])
        #expect(folderLink.status != 0, "\(folderLink.text)")
        // A link it can make inside its type folder is removed unread, never kept.
        let fileLink = try server.batch(["symlink ../../beta/payments/june.csv /inbox/payments/stolen.csv"])
        #expect(fileLink.status == 0, "\(fileLink.text)")

        // A private upload (0600, as `sftp put` keeps the local mode).
        let file = try scene.generate(rows: 500, seed: 61)
        #expect(chmod(file.path, 0o600) == 0)
        let put = try server.put(file.path, "/inbox/payments/june.csv")
        #expect(put.status == 0, "\(put.text)")

        #expect(try scene.settled(within: 30))
        #expect(try eventually(within: 20) { try scene.root.jobs().count == 3 })
        let jobs = try scene.root.jobs()
        let acme = try #require(jobs.first { $0.workspace == "acme" && $0.sourceName == "june.csv" })
        #expect(acme.status == .done)
        #expect(acme.total == 500)
        #expect(acme.sha256 == file.sha256)
        let beta = try #require(jobs.first { $0.workspace == "beta" })
        #expect(beta.status == .done && beta.total == 3, "beta's file is imported into beta")
        let link = try #require(jobs.first { $0.sourceName == "stolen.csv" })
        #expect(link.workspace == "acme")
        #expect(link.status == .rejected)
        #expect(link.error?.code == "not_a_regular_file")
        #expect(try scene.root.storeCount("acme", "SELECT count(*) FROM payments WHERE payment_id LIKE 'BETA-%'") == 0)
        #expect(scene.root.files("failed").isEmpty, "a link is never kept in failed/")

        // The customer lists and downloads its result, as itself.
        #expect(try eventually(within: 10) { try server.list("/outbox").contains(acme.jobID + ".result.json") })
        let local = scene.root.path + "/downloaded.json"
        let get = try server.batch(["get /outbox/\(acme.jobID).result.json \(server.quoted(local))"])
        #expect(get.status == 0, "\(get.text)")
        let downloaded = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: local))) as? [String: Any]
        #expect(downloaded?["job_id"] as? String == acme.jobID)
        #expect(downloaded?["total"] as? Int == 500)
        let errors = try server.batch(["get /outbox/\(acme.jobID).errors.csv \(server.quoted(local + ".csv"))"])
        #expect(errors.status == 0, "\(errors.text)")
        // ... but cannot write there.
        let write = try server.put(file.path, "/outbox/mine.csv")
        #expect(write.status != 0)
    }
}
