import Foundation
import Testing

@testable import IntakeKit
import IntakeTestSupport

/// `encrypt_reports_to` (spec section 2): every outbox file of the workspace
/// is written encrypted to the customer's key, `.pgp` appended; the customer's
/// own `gpg` opens each one and finds what a plain workspace gets; the
/// catalogue keeps plain data.
@Suite struct EncryptedReportTests {
    static let csv = Array(PaymentsCSV.mixed.utf8)

    /// A root with two workspaces given the same documents: `acme` encrypts its reports to the customer's key, `plain` does not.
    final class Scene {
        let customer: GPGHome
        let customerKey: String
        let root: TemporaryRoot
        let keys: GPGHome

        init() throws {
            let customer = try GPGHome()
            let customerKey = try customer.generate("Customer")
            let all = Set(ImportType.allPermissions)
            root = try TemporaryRoot(workspaces: ["acme": all, "plain": all]) {
                $0.workspaces["acme"]?.openPGP.encryptReportsTo = customerKey
            }
            keys = try GPGHome(path: root.root.keys)
            try keys.importKey(try customer.exportPublic(customerKey))
            self.customer = customer
            self.customerKey = customerKey
        }

        /// The job of `name` dropped in `workspace`.
        func job(_ workspace: String, _ name: String) throws -> JobRecord {
            try #require(try root.jobs().last { $0.workspace == workspace && $0.sourceName == name })
        }

        /// The outbox file `JOB.SUFFIX` of `acme`, decrypted by the customer.
        func opened(_ job: JobRecord, _ suffix: String) throws -> String {
            try customer.decrypt(try root.readBytes("outbox/acme/\(job.jobID).\(suffix).pgp"))
        }
    }

    /// A report's text with what differs between two jobs of two workspaces (ids, names, times) taken out.
    static func comparable(_ text: String, _ job: JobRecord) -> String {
        var text = text.replacingOccurrences(of: job.jobID, with: "JOB").replacingOccurrences(of: job.workspace, with: "W")
        text = text.replacingOccurrences(of: ".pgp", with: "")
        for pattern in [#"\d{4}-\d\d-\d\dT[0-9:.]+Z"#, #"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC"#, #"<dt>Duration</dt><dd>[^<]*</dd>"#] {
            text = text.replacingOccurrences(of: pattern, with: "T", options: .regularExpression)
        }
        return text
    }

    @Test func everyOutboxFileIsEncryptedToTheCustomerAndOpensToThePlainReport() throws {
        let scene = try Scene()
        try scene.root.drop("acme/payments/june.csv", Self.csv)
        try scene.root.drop("plain/payments/june.csv", Self.csv)
        _ = try scene.root.runPass()
        let sealed = try scene.job("acme", "june.csv")
        let plain = try scene.job("plain", "june.csv")
        #expect(sealed.status == .done && plain.status == .done)
        #expect(sealed.failed == PaymentsCSV.invalid.count && sealed.failed == plain.failed)

        let names = ["result.json", "errors.csv", "rejected.csv", "report.html"]
        #expect(scene.root.files("outbox/acme") == names.map { "\(sealed.jobID).\($0).pgp" }.sorted())
        for name in names {
            let stored = try scene.root.readBytes("outbox/acme/\(sealed.jobID).\(name).pgp")
            // Binary OpenPGP (a public-key encrypted session key packet first), nothing of the plain text.
            #expect(stored.first.map { $0 & 0x80 != 0 } == true, "\(name)")
            #expect(!String(decoding: stored, as: UTF8.self).contains("BAD-1"), "\(name)")
            let opened = try scene.opened(sealed, name)
            let reference = String(decoding: try scene.root.readBytes("outbox/plain/\(plain.jobID).\(name)"), as: UTF8.self)
            if name == "result.json" {
                let open = try JSONSerialization.jsonObject(with: Data(opened.utf8)) as? [String: Any] ?? [:]
                let shown = try JSONSerialization.jsonObject(with: Data(reference.utf8)) as? [String: Any] ?? [:]
                for key in ["failed", "succeeded", "total", "status", "source"] {
                    #expect(open[key] as? NSObject == shown[key] as? NSObject, "\(key)")
                }
                #expect((open["progress"] as? [Any])?.count == PaymentsCSV.invalid.count)
                #expect(Self.comparable(opened, sealed) == Self.comparable(reference, plain))
            } else {
                #expect(Self.comparable(opened, sealed) == Self.comparable(reference, plain), "\(name)")
            }
        }
        // The catalogue and the store keep plain data.
        #expect(try scene.root.storeCount("acme", "SELECT count(*) FROM entries WHERE status = 'FAILED'") == PaymentsCSV.invalid.count)
    }

    @Test func aJobEndedBeforeItsRowsHasItsResultEncryptedToo() throws {
        let scene = try Scene()
        try scene.root.drop("acme/receipts/june.csv", "no such type")
        try scene.root.drop("acme/payments/empty.csv", "")
        _ = try scene.root.runPass()
        let empty = try scene.job("acme", "empty.csv")
        #expect(empty.status == .failed)
        #expect(try scene.opened(empty, "result.json").contains("\"FAILED\""))
        let job = try #require(try scene.root.jobs().last { $0.status == .rejected })
        #expect(job.workspace == "acme" && job.error?.code == "unknown_type")
        #expect(scene.root.files("outbox/acme").allSatisfy { $0.hasSuffix(".pgp") })
        let result = try JSONSerialization.jsonObject(with: Data(try scene.opened(job, "result.json").utf8)) as? [String: Any] ?? [:]
        #expect(result["status"] as? String == job.status.rawValue)
        #expect((result["error"] as? [String: Any])?["code"] as? String == job.error?.code)
    }

    @Test func aFailedPain001KeepsItsRejectedTransactionsOffTheDisk() throws {
        let scene = try Scene()
        let document = Pain001Fixture(groupCount: "2", groupSum: "20.00", blocks: [
            .init(id: "PMT-1", count: "2", sum: "20.00", transactions: [
                .init(endToEndID: "E2E-OK", amount: "10.00", bic: "SOGEFRPP", name: "Marie Dubois", iban: "FR7630006000011234567890189"),
                .init(endToEndID: "E2E-BAD", amount: "10.00", bic: "SOGEFRPP", name: "Marie Dubois", iban: "FR7730006000011234567890189"),
            ]),
        ])
        try scene.root.drop("acme/payments/june.xml", document.text)
        _ = try scene.root.runPass()
        let job = try scene.job("acme", "june.xml")
        #expect(job.status == .done && job.failed == 1, "\(job.error?.message ?? "")")
        #expect(scene.root.files("outbox/acme").allSatisfy { $0.hasSuffix(".pgp") && !$0.contains("spool") })
        let rejected = try scene.opened(job, "rejected.xml")
        #expect(rejected.contains("E2E-BAD") && !rejected.contains("E2E-OK"))
        #expect(rejected.contains("<NbOfTxs>1</NbOfTxs>"))
    }

    @Test func noOpenPGPInTheDriversMeansNoReportRatherThanAPlainOne() throws {
        let scene = try Scene()
        let configuration = try Configuration.load(path: scene.root.root.configuration)
        let drivers = Drivers(storage: { _, root in SQLiteStorage(root: root) }, handlers: .standard)
        #expect(drivers.reportKeyProblems(configuration: configuration, root: scene.root.root).count == 1)
        #expect(throws: SystemError.self) {
            try drivers.reportSealer(workspace: "acme", configuration: configuration, root: scene.root.root)
        }
        #expect(try Drivers.standard.reportSealer(workspace: "plain", configuration: configuration, root: scene.root.root) == nil)
        #expect(Drivers.standard.reportKeyProblems(configuration: configuration, root: scene.root.root).isEmpty)
    }
}
