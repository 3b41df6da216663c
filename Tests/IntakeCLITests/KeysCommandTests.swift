import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// `intake keys` and the customer's side of docs/sftp.md, with the built
/// binary and the real `gpg`: Intake's key made and exported, the customer's
/// key imported and named in `openpgp.signers`, a signed and encrypted drop
/// imported by `intake run`.
@Suite struct KeysCommandTests {
    @Test func aCustomerFollowsTheDocsToSendASignedEncryptedFile() throws {
        let customer = try GPGHome()
        let customerKey = try customer.generate("Customer")
        let root = try TemporaryRoot()
        // Intake's side: a key pair in ROOT/keys (0700), its public key for the customer.
        let generated = try IntakeBinary.run(["keys", root.path, "--generate", "Intake Test"])
        #expect(generated.status == 0, "\(generated.stdout)")
        let keys = try GPGHome(path: root.root.keys)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: root.root.keys)[.posixPermissions] as? Int)
        #expect(mode == 0o700)
        let exported = try IntakeBinary.run(["keys", root.path, "--export-public"])
        #expect(exported.status == 0 && exported.stdout.hasPrefix("-----BEGIN PGP PUBLIC KEY BLOCK-----"), "\(exported.stdout)")
        let intakePublic = customer.path + "/intake-public.asc"
        try exported.stdout.write(toFile: intakePublic, atomically: true, encoding: .utf8)
        try customer.importKey(intakePublic)
        let intakeKey = try #require(try customer.fingerprints(of: "Intake Test").first)
        #expect(generated.stdout.contains(intakeKey), "\(generated.stdout)")

        // The customer's public key, imported and listed.
        let imported = try IntakeBinary.run(["keys", root.path, "--import", try customer.exportPublic(customerKey)])
        #expect(imported.status == 0 && imported.stdout.contains(customerKey), "\(imported.stdout)")
        let listed = try IntakeBinary.run(["keys", root.path, "--list"]).stdout
        #expect(listed.contains("\(intakeKey) own") && listed.contains("\(customerKey) customer"), "\(listed)")

        var configuration = try Configuration.load(path: root.root.configuration)
        configuration.workspaces["acme"]?.openPGP.requireEncryption = true
        configuration.workspaces["acme"]?.openPGP.requireSignature = true
        configuration.workspaces["acme"]?.openPGP.signers = [customerKey]
        try configuration.json().write(toFile: root.root.configuration, atomically: true, encoding: .utf8)

        let sealed = try customer.encrypt(Array(PaymentsCSV.mixed.utf8), to: intakeKey, signer: customerKey)
        try root.drop("acme/payments/june.csv.pgp", sealed)
        let run = try IntakeBinary.run(["run", root.path])
        #expect(run.status == 0, "\(run.stdout)")
        let job = try #require(try root.jobs().first)
        #expect(job.status == .done, "\(job.error?.code ?? "") \(job.error?.message ?? "")")
        #expect(job.sourceLayers == ["openpgp"])
        let status = try IntakeBinary.run(["status", root.path, job.jobID]).stdout
        #expect(status.contains("openpgp"), "\(status)")
        _ = keys
    }

    @Test func usageAndMissingRootAreRefused() throws {
        let root = try TemporaryRoot()
        #expect(try IntakeBinary.run(["keys", root.path]).status == 64)
        #expect(try IntakeBinary.run(["keys", root.path, "--list", "--export-public"]).status == 64)
        #expect(try IntakeBinary.run(["keys", root.path + "/nowhere", "--list"]).status == 66)
        let empty = try IntakeBinary.run(["keys", root.path, "--export-public"])
        #expect(empty.status == 74 && empty.stderr.contains("--generate"), "\(empty.stderr)")
        _ = try GPGHome(path: root.root.keys)
    }
}
