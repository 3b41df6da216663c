import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// The commands around encrypted drops and reports, with the built binary and
/// the real `gpg`: a missing `encrypt_reports_to` key stops `check`, `run`
/// and `watch` before anything is written; `intake validate` of a `.pgp` file
/// uses the named root's keys.
@Suite struct EncryptedReportCommandTests {
    static let csv = Array(PaymentsCSV.mixed.utf8)

    @Test func aReportKeyTheRootDoesNotHoldStopsTheCommandsUntilItIsImported() throws {
        let customer = try GPGHome()
        let customerKey = try customer.generate("Customer")
        let root = try TemporaryRoot { $0.workspaces["acme"]?.openPGP.encryptReportsTo = customerKey }
        try root.drop("acme/payments/june.csv", Self.csv)
        for command in [["check", root.path], ["run", root.path]] {
            let run = try IntakeBinary.run(command)
            #expect(run.status == 64, "\(command) \(run.stdout) \(run.stderr)")
            #expect(run.stderr.contains(root.root.keys) && run.stderr.contains(customerKey) && run.stderr.contains("intake keys"),
                    "\(run.stderr)")
        }
        #expect(root.files("outbox").isEmpty && root.files("inbox") == ["acme/payments/june.csv"])

        let imported = try IntakeBinary.run(["keys", root.path, "--import", try customer.exportPublic(customerKey)])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try IntakeBinary.run(["check", root.path]).status == 0)
        let run = try IntakeBinary.run(["run", root.path])
        #expect(run.status == 0, "\(run.stderr)")
        let job = try #require(try root.jobs().first)
        #expect(job.status == .done)
        #expect(root.files("outbox/acme").count == 4 && root.files("outbox/acme").allSatisfy { $0.hasSuffix(".pgp") })
        let result = try customer.decrypt(try root.readBytes("outbox/acme/\(job.jobID).result.json.pgp"))
        let object = try JSONSerialization.jsonObject(with: Data(result.utf8)) as? [String: Any]
        #expect(object?["job_id"] as? String == job.jobID && object?["status"] as? String == "DONE")
        // `intake verify` counts an encrypted result as the job's result.
        let verify = try IntakeBinary.run(["verify", root.path])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
    }

    @Test func validateDecryptsWithTheNamedRootsKeys() throws {
        let root = try TemporaryRoot()
        let (customer, customerKey, keys, intakeKey) = try GPGHome.exchange(root: root)
        let files = try LayeredFiles()
        let path = try files.write("june.csv.pgp", try customer.encrypt(Self.csv, to: intakeKey, signer: customerKey))

        let alone = try IntakeBinary.run(["validate", "--type", "payments", path])
        #expect(alone.status == 64 && alone.stderr.contains("--workspace W"), "\(alone.stderr)")

        let run = try IntakeBinary.run(["validate", root.path, "--workspace", "acme", "--type", "payments", path, "--json"])
        #expect(run.status == 65, "\(run.stdout) \(run.stderr)")
        let result = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(result["status"] as? String == "DONE" && result["failed"] as? Int == PaymentsCSV.invalid.count, "\(run.stdout)")
        #expect((result["source"] as? [String: Any])?["layers"] as? [String] == ["openpgp"])
        // Nothing stored in the root.
        #expect(try root.jobs().isEmpty)

        // The workspace's signature rule applies: a signer it does not list is refused.
        var configuration = try Configuration.load(path: root.root.configuration)
        configuration.workspaces["acme"]?.openPGP.requireSignature = true
        configuration.workspaces["acme"]?.openPGP.signers = [intakeKey]
        try configuration.json().write(toFile: root.root.configuration, atomically: true, encoding: .utf8)
        let refused = try IntakeBinary.run(["validate", root.path, "--workspace", "acme", "--type", "payments", path, "--json"])
        #expect(refused.status == 65 && refused.stdout.contains("signer_unknown"), "\(refused.stdout) \(refused.stderr)")
        _ = keys
    }
}
