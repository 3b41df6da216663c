import Foundation
import Testing
import IntakeKit
import IntakeTestSupport

/// `intake serve` over real HTTP on loopback: the built binary, requests made
/// with curl, assertions on the answers and on the root (inbox, catalogue, outbox).
@Suite struct ServeAPITests {
    static func payment(_ id: String, iban: String = "FR7630006000011234567890189", name: String = "Marie Dubois") -> TestFields {
        [("payment_id", id), ("amount", "100.00"), ("currency", "EUR"), ("due_date", "2026-06-01"),
         ("beneficiary_name", name), ("beneficiary_iban", iban), ("beneficiary_bic", "SOGEFRPP"), ("beneficiary_country", "FR")]
    }

    /// Two valid payments and one with a bad IBAN checksum.
    static let records = [payment("PAY-1"), payment("BAD-1", iban: "FR7730006000011234567890189"), payment("PAY-2")]

    /// Trustpair's body for `workspace`.
    static func body(_ workspace: String, _ records: [TestFields] = records, type: ImportType = .payments) -> String {
        RecordDocuments.trustpairBody(type, records)
            .replacingOccurrences(of: "\"attributes\":{", with: "\"attributes\":{\"workspace\":\"\(workspace)\",")
    }

    static func served(_ workspaces: [String: Set<String>] = ["acme": Set(ImportType.allPermissions)]) throws -> ServedRoot {
        try ServedRoot(TemporaryRoot(workspaces: workspaces))
    }

    @Test func healthzAnswersWithoutATokenAndEverythingElseNeedsOne() throws {
        let served = try Self.served()
        let health = try Curl.request(served.base + "/healthz")
        #expect(health.status == 200)
        #expect(health.text == "ok\n")
        let none = try served.call("GET", "/api/v1/imports", token: "")
        #expect(none.status == 401)
        #expect(none.errorCode == "unauthorized")
        #expect(none.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
        #expect(try served.call("GET", "/api/v1/imports", token: "itk_wrong").status == 401)
        #expect(try served.call("GET", "/api/v1/imports/\(String(repeating: "0", count: 8))T000000000-00000000", token: "").status == 401)
        #expect(try served.call("GET", "/api/v1/imports").status == 200)
        // /metrics: the admin's, metrics.prom as written.
        #expect(try served.call("GET", "/metrics", token: served.tokens["acme"]).status == 403)
        try "intake_jobs_total{status=\"DONE\"} 3\n".write(toFile: served.root.metrics, atomically: true, encoding: .utf8)
        let metrics = try served.call("GET", "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.text == "intake_jobs_total{status=\"DONE\"} 3\n")
        // The access log names method, path and status, never a token.
        #expect(served.log.contains("event=http method=GET path=/metrics status=200"))
        #expect(!served.log.contains(served.admin))
        #expect(served.stop() == 0)
    }

    @Test func aPostedImportBecomesADropThatKeepsItsIDAndGivesTheSameOutboxAsAFile() throws {
        let served = try Self.served(["acme": Set(ImportType.allPermissions), "other": Set(ImportType.allPermissions)])
        let posted = try served.json("POST", "/api/v1/imports", body: Self.body("acme"))
        #expect(posted.status == 202)
        let id = try #require(posted.data["id"] as? String)
        #expect(posted.data["type"] as? String == "import")
        #expect((posted.data["attributes"] as? [String: Any])?["status"] as? String == "QUEUED")
        // Queued before any process claims it, and Trustpair's rule holds meanwhile.
        #expect(served.temporary.files("inbox").contains("acme/payments/api-\(id).json.done"))
        let queued = try served.json("GET", "/api/v1/imports/\(id)")
        #expect((queued.data["attributes"] as? [String: Any])?["status"] as? String == "QUEUED")
        let second = try served.json("POST", "/api/v1/imports", body: Self.body("acme"))
        #expect(second.status == 422)
        #expect(second.errorCode == "import_in_progress")
        // The same body dropped as a file in another workspace.
        try served.temporary.drop("other/payments/body.json", Self.body("other"))
        try served.runPass()

        let done = try served.json("GET", "/api/v1/imports/\(id)")
        let attributes = try #require(done.data["attributes"] as? [String: Any])
        #expect(attributes["status"] as? String == "DONE")
        #expect(attributes["succeeded"] as? Int == 2)
        #expect(attributes["failed"] as? Int == 1)
        #expect(attributes["job_id"] as? String == id)
        #expect(try served.temporary.jobs().contains { $0.jobID == id && $0.workspace == "acme" && $0.status == .done })
        // The outbox files, served as written, equal a file drop's (ids and times aside).
        let result = try served.call("GET", "/api/v1/imports/\(id)/files/result.json")
        #expect(result.status == 200)
        #expect(result.headers["content-type"] == "application/json")
        #expect(result.text == (try served.temporary.read("outbox/acme/\(id).result.json")))
        let errors = try served.call("GET", "/api/v1/imports/\(id)/files/errors.csv")
        #expect(errors.text.contains("BAD-1,beneficiary_iban,iban_checksum"))
        let fileJob = try #require(try served.temporary.jobs().first { $0.workspace == "other" })
        #expect(errors.body == (try served.temporary.readBytes("outbox/other/\(fileJob.jobID).errors.csv")))
        let rejected = try served.call("GET", "/api/v1/imports/\(id)/files/rejected")
        #expect(rejected.status == 200)
        #expect(rejected.text.contains("BAD-1") && !rejected.text.contains("PAY-2"))
        #expect(try served.call("GET", "/api/v1/imports/\(id)/files/..%2Fintake.json").status == 404)
        // Now ended: the workspace takes the next import.
        #expect(try served.json("POST", "/api/v1/imports", body: Self.body("acme", [Self.payment("PAY-9")])).status == 202)
    }

    @Test func entriesArePagedByCursorAndFilteredToFailedRows() throws {
        let served = try Self.served()
        let records = (0..<7).map { Self.payment("P-\($0)", iban: $0 % 3 == 0 ? "FR7730006000011234567890189" : "FR7630006000011234567890189") }
        let id = try #require(try served.json("POST", "/api/v1/imports", body: Self.body("acme", records)).data["id"] as? String)
        let before = try served.json("GET", "/api/v1/imports/\(id)/entries")
        #expect(before.status == 200 && before.list.isEmpty && before.next == nil)
        try served.runPass()
        var rows: [Int] = []
        var path: String? = "/api/v1/imports/\(id)/entries?limit=3"
        var pages = 0
        while let next = path {
            let page = try served.json("GET", next)
            #expect(page.status == 200)
            for entry in page.list {
                #expect((entry["id"] as? String)?.hasPrefix(id + "/") == true)
                #expect(entry["type"] as? String == "entry")
                rows.append(((entry["attributes"] as? [String: Any])?["row"] as? Int) ?? -1)
            }
            path = page.next
            pages += 1
        }
        #expect(rows == Array(0..<7))
        #expect(pages == 3)
        let failed = try served.json("GET", "/api/v1/imports/\(id)/entries?status=failed")
        #expect(failed.list.compactMap { ($0["attributes"] as? [String: Any])?["id"] as? String } == ["P-0", "P-3", "P-6"])
        let issues = (failed.list.first?["attributes"] as? [String: Any])?["issues"] as? [[String: Any]]
        #expect(issues?.first?["code"] as? String == "iban_checksum")
        #expect(try served.json("GET", "/api/v1/imports/\(id)/entries?limit=0").status == 400)
        #expect(try served.json("GET", "/api/v1/imports/\(id)/entries?cursor=x").status == 400)
    }

    @Test func aTokenSeesItsOwnWorkspaceOnlyAndAnotherWorkspacesJobIsNotFound() throws {
        let served = try Self.served(["acme": Set(ImportType.allPermissions), "other": Set(ImportType.allPermissions)])
        let acme = try #require(served.tokens["acme"])
        let other = try #require(served.tokens["other"])
        let id = try #require(try served.json("POST", "/api/v1/imports", token: acme, body: Self.body("acme")).data["id"] as? String)
        #expect(try served.json("GET", "/api/v1/imports/\(id)", token: acme).status == 200)
        let hidden = try served.json("GET", "/api/v1/imports/\(id)", token: other)
        #expect(hidden.status == 404)
        #expect(hidden.errorCode == "not_found")
        #expect(try served.json("POST", "/api/v1/imports", token: other, body: Self.body("acme")).status == 404)
        try served.runPass()
        for path in ["/api/v1/imports/\(id)", "/api/v1/imports/\(id)/entries", "/api/v1/imports/\(id)/files/result.json"] {
            #expect(try served.json("GET", path, token: other).status == 404)
            #expect(try served.json("GET", path, token: acme).status == 200)
        }
        #expect(try served.json("GET", "/api/v1/imports", token: other).list.isEmpty)
        #expect(try served.json("GET", "/api/v1/imports?workspace=acme", token: other).status == 404)
        #expect(try served.json("GET", "/api/v1/imports", token: acme).list.count == 1)
        #expect(try served.json("GET", "/api/v1/imports?workspace=acme&status=done").list.count == 1)
        #expect(try served.json("GET", "/api/v1/imports?status=failed").list.isEmpty)
    }

    @Test func theJobListPagesByCursorAndAWorkspaceTokenGetsFullPagesOfItsOwnJobs() throws {
        let served = try Self.served(["acme": Set(ImportType.allPermissions), "other": Set(ImportType.allPermissions)])
        let acme = try #require(served.tokens["acme"])
        // Interleaved so that a limit applied before the workspace filter would leave pages short.
        for index in 0..<7 {
            try served.temporary.drop("acme/payments/june-\(index).csv", PaymentsCSV.header + "A\(index)" + PaymentsCSV.valid[0])
            try served.temporary.drop("other/payments/june-\(index).csv", PaymentsCSV.header + "B\(index)" + PaymentsCSV.valid[0])
            try served.temporary.drop("other/payments/july-\(index).csv", PaymentsCSV.header + "C\(index)" + PaymentsCSV.valid[0])
        }
        try served.runPass()
        var seen: [String] = []
        var pageSizes: [Int] = []
        var path: String? = "/api/v1/imports?limit=3"
        while let next = path, pageSizes.count < 10 {
            let page = try served.json("GET", next, token: acme)
            #expect(page.status == 200)
            pageSizes.append(page.list.count)
            for job in page.list {
                seen.append(job["id"] as? String ?? "")
                #expect((job["attributes"] as? [String: Any])?["workspace"] as? String == "acme")
            }
            path = page.next
        }
        #expect(pageSizes == [3, 3, 1])
        #expect(Set(seen).count == 7)
        // Newest first across pages, as one list would be: the admin's unpaged list, acme's part.
        let all = try served.json("GET", "/api/v1/imports?limit=100").list.compactMap { job -> String? in
            (job["attributes"] as? [String: Any])?["workspace"] as? String == "acme" ? job["id"] as? String : nil
        }
        #expect(seen == all)
        #expect(try served.json("GET", "/api/v1/imports?cursor=12", token: acme).status == 400)
        #expect(try served.json("GET", "/api/v1/imports?cursor=2026-12-08T00:00:00.000Z,../../etc", token: acme).status == 400)
    }

    @Test func badRequestsGetTheirJSONAPIErrors() throws {
        let served = try Self.served(["acme": [ImportType.payments.permission], "other": Set(ImportType.allPermissions)])
        let malformed = try served.json("POST", "/api/v1/imports", body: "{\"data\": [")
        #expect(malformed.status == 400)
        #expect((malformed.object["errors"] as? [[String: Any]])?.first?["status"] as? String == "400")
        let both = Self.body("acme").replacingOccurrences(of: "\"records\":", with: "\"document_id\":\"doc-0000000000000000\",\"records\":")
        #expect(try served.json("POST", "/api/v1/imports", body: both).status == 400)
        #expect(try served.json("POST", "/api/v1/imports", body: Self.body("acme").replacingOccurrences(of: "trustpair/payments_import", with: "trustpair/nope")).status == 400)
        let tooMany = try served.json("POST", "/api/v1/imports", body: Self.body("acme", (0...1000).map { Self.payment("P\($0)") }))
        #expect(tooMany.status == 413)
        #expect(tooMany.errorCode == "too_many_records")
        let lacking = try served.json("POST", "/api/v1/imports", body: Self.body("acme", type: .paymentsHistory))
        #expect(lacking.status == 403)
        #expect(lacking.errorCode == "permission_missing")
        #expect(try served.json("POST", "/api/v1/imports", body: Self.body("nobody")).status == 404)
        #expect(try served.json("GET", "/api/v1/imports/20260101T000000000-0000abcd").status == 404)
        #expect(try served.json("GET", "/api/v1/imports/..%2F..%2Fintake.json").status == 404)
        #expect(try served.json("GET", "/api/v1/nothing").status == 404)
        #expect(try served.json("DELETE", "/api/v1/imports").status == 405)
        // Nothing refused left a drop or a job behind.
        #expect(served.temporary.files("inbox").filter { !$0.hasSuffix("/") && $0.contains(".") }.isEmpty)
        #expect(try served.temporary.jobs().isEmpty)
    }

    @Test func aBodyOverMaxFileBytesIsRefusedWith413() throws {
        let served = try ServedRoot(TemporaryRoot { $0.maxFileBytes = 2000 })
        let big = try served.json("POST", "/api/v1/imports", body: Self.body("acme", (0..<40).map { Self.payment("P\($0)") }))
        #expect(big.status == 413)
        #expect(big.errorCode == "payload_too_large")
        #expect(try served.json("POST", "/api/v1/imports", body: Self.body("acme", [Self.payment("P1")])).status == 202)
    }

    @Test func aPlaintextImportPostedWhereEncryptionIsRequiredIsRefused() throws {
        let served = try ServedRoot(TemporaryRoot { $0.workspaces["acme"]?.openPGP.requireEncryption = true })
        let refused = try served.json("POST", "/api/v1/imports", body: Self.body("acme", [Self.payment("P1")]))
        #expect(refused.status == 403)
        #expect(refused.errorCode == "encryption_required")
        #expect(served.temporary.files("inbox").filter { !$0.hasSuffix("/") && $0.contains(".") }.isEmpty)
        #expect(try served.temporary.jobs().isEmpty)
    }

    @Test func aDocumentPostedFirstIsImportedByItsID() throws {
        let served = try Self.served()
        let document = try served.call("POST", "/api/v1/documents?workspace=acme&name=june.csv", body: Array(PaymentsCSV.mixed.utf8))
        #expect(document.status == 201)
        let doc = try #require(document.data["id"] as? String)
        #expect(document.data["type"] as? String == "document")
        #expect(try served.call("POST", "/api/v1/documents?workspace=acme&name=..%2Fx.csv", body: [65]).status == 400)
        let body = "{\"data\":{\"type\":\"trustpair/payments_import\",\"attributes\":{\"workspace\":\"acme\",\"document_id\":\"\(doc)\"}}}"
        let posted = try served.json("POST", "/api/v1/imports", body: body)
        #expect(posted.status == 202)
        let id = try #require(posted.data["id"] as? String)
        #expect(try served.json("POST", "/api/v1/imports", body: body.replacingOccurrences(of: doc, with: "doc-ffffffffffffffff")).status == 422)
        try served.runPass()
        let attributes = try served.json("GET", "/api/v1/imports/\(id)").data["attributes"] as? [String: Any]
        #expect(attributes?["status"] as? String == "DONE")
        #expect((attributes?["source"] as? [String: Any])?["name"] as? String == "june.csv")
        #expect(attributes?["failed"] as? Int == PaymentsCSV.invalid.count)
        let rejected = try served.call("GET", "/api/v1/imports/\(id)/files/rejected")
        #expect(rejected.headers["content-type"]?.hasPrefix("text/csv") == true)
        #expect(rejected.text.hasPrefix(PaymentsCSV.header))
        #expect(served.temporary.files("uploads/acme").filter { $0.hasPrefix("doc-") }.isEmpty)
        // A used document is gone: importing it again is a 404.
        #expect(try served.json("POST", "/api/v1/imports", body: body).status == 404)
    }

    @Test func aLargeDocumentIsKeptOnDiskWhileItArrivesAndImportedWhole() throws {
        let served = try Self.served()
        var text = PaymentsCSV.header
        for i in 0..<30_000 { text += "P-\(i),10.00,EUR,2026-06-01,Name \(i),FR7630006000011234567890189,SOGEFRPP,FR,ref \(i)\n" }
        #expect(text.utf8.count > 2 << 20)
        let document = try served.call("POST", "/api/v1/documents?workspace=acme&name=big.csv", body: Array(text.utf8))
        #expect(document.status == 201)
        #expect((document.data["attributes"] as? [String: Any])?["bytes"] as? Int == text.utf8.count)
        let doc = try #require(document.data["id"] as? String)
        // The spilled body was moved, not copied: nothing is left where it arrived.
        #expect(served.temporary.files("uploads/.incoming").isEmpty)
        let body = "{\"data\":{\"type\":\"trustpair/payments_import\",\"attributes\":{\"workspace\":\"acme\",\"document_id\":\"\(doc)\"}}}"
        let id = try #require(try served.json("POST", "/api/v1/imports", body: body).data["id"] as? String)
        try served.runPass()
        let attributes = try served.json("GET", "/api/v1/imports/\(id)").data["attributes"] as? [String: Any]
        #expect(attributes?["total"] as? Int == 30_000)
        #expect(attributes?["succeeded"] as? Int == 30_000)
        // A JSON body over the 1 MiB kept in memory (1000 records, ~1.7 MB) is read back from its file.
        let records = (0..<1000).map { Self.payment("Q-\($0)", name: String(repeating: "x", count: 1500)) }
        let spilled = try served.json("POST", "/api/v1/imports", body: Self.body("acme", records))
        #expect(spilled.status == 202)
    }

    @Test func papayasBulkImportAnswersWithItsJobStatus() throws {
        let served = try Self.served()
        let posted = try served.call("POST", "/payments/beneficiaries/import?workspace=acme", body: Array(PapayaExample.bulkImportBeneficiary.utf8))
        #expect(posted.status == 202)
        let id = try #require(posted.object["job_id"] as? String)
        #expect(posted.object["status"] as? String == "QUEUED")
        #expect(posted.object["progress"] as? [Any] != nil)
        try served.runPass()
        let status = try served.call("GET", "/payments/beneficiaries/import/\(id)")
        #expect(status.status == 200)
        #expect(status.object["status"] as? String == "DONE")
        #expect(status.text == (try served.temporary.read("outbox/acme/\(id).result.json")))
        let progress = status.object["progress"] as? [[String: Any]] ?? []
        #expect(progress.first?["id"] as? String == "1")
        #expect(try served.call("POST", "/payments/beneficiaries/import?workspace=acme", body: Array("{\"nope\":1}".utf8)).status == 400)
    }

    @Test func manyClientsAtOnceAllGetTheirAnswers() throws {
        let served = try Self.served()
        let id = try #require(try served.json("POST", "/api/v1/imports", body: Self.body("acme")).data["id"] as? String)
        try served.runPass()
        let answers = Answers()
        let (base, admin) = (served.base, served.admin)
        DispatchQueue.concurrentPerform(iterations: 24) { i in
            let path = i % 2 == 0 ? "/api/v1/imports/\(id)" : "/api/v1/imports/\(id)/entries?limit=2"
            answers.add((try? Curl.request(base + path, headers: ["Authorization": "Bearer " + admin]).status) ?? 0)
        }
        #expect(answers.all == Array(repeating: 200, count: 24))
    }
}

/// Statuses collected from concurrent requests.
final class Answers: @unchecked Sendable {
    private let lock = NSLock()
    private var statuses: [Int] = []
    func add(_ status: Int) { lock.withLock { statuses.append(status) } }
    var all: [Int] { lock.withLock { statuses } }
}
