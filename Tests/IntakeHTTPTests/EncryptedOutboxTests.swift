import Foundation
import Testing
import IntakeKit
import IntakeTestSupport

/// `intake serve` for a workspace with `encrypt_reports_to`: the outbox files
/// are handed as they are (`.pgp`, `application/pgp-encrypted`), the customer
/// opens them with their own key, and the review page says they are encrypted
/// while it shows the failed rows from the store.
@Suite struct EncryptedOutboxTests {
    @Test func serveHandsTheEncryptedFilesAsTheyAre() throws {
        let customer = try GPGHome()
        let customerKey = try customer.generate("Customer")
        let temporary = try TemporaryRoot { $0.workspaces["acme"]?.openPGP.encryptReportsTo = customerKey }
        let keys = try GPGHome(path: temporary.root.keys)
        try keys.importKey(try customer.exportPublic(customerKey))
        let served = try ServedRoot(temporary)
        try temporary.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        try served.runPass()
        let job = try #require(try temporary.jobs().first)
        #expect(job.status == .done)

        for (name, file) in [("result.json", "result.json"), ("errors.csv", "errors.csv"), ("rejected", "rejected.csv"), ("report.html", "report.html")] {
            let answer = try served.call("GET", "/api/v1/imports/\(job.jobID)/files/\(name)", token: served.tokens["acme"])
            #expect(answer.status == 200, "\(name)")
            #expect(answer.headers["content-type"] == "application/pgp-encrypted", "\(name)")
            #expect(answer.headers["content-disposition"]?.contains("\(job.jobID).\(file).pgp") == true, "\(name)")
            #expect(answer.body == (try temporary.readBytes("outbox/acme/\(job.jobID).\(file).pgp")), "\(name)")
            #expect(!(try customer.decrypt(answer.body)).isEmpty, "\(name)")
        }
        // Papaya's status comes from the catalogue, never from the encrypted result.
        let status = try served.call("GET", "/payments/beneficiaries/import/\(job.jobID)", token: served.tokens["acme"])
        #expect(status.status == 200 && status.object["status"] as? String == "DONE", "\(status.text)")

        let page = try served.call("GET", "/jobs/\(job.jobID)", token: "",
                                   headers: ["Cookie": "intake_session=" + (served.tokens["acme"] ?? "")])
        #expect(page.status == 200)
        #expect(page.text.contains("\(job.jobID).errors.csv.pgp") && page.text.contains("encrypted (OpenPGP"), "\(page.text)")
        #expect(page.text.contains("BAD-1"))
        #expect(served.stop() == 0)
        _ = keys
    }
}
