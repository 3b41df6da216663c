import Foundation
import Testing

@testable import IntakeKit
import IntakeTestSupport

/// OpenPGP drops made by the real `gpg` CLI of a customer (a throwaway home),
/// read by the engine with the root's `keys/`: decrypted while parsed, stored
/// only once the signature and the integrity check held, each refusal with
/// its code and nothing stored.
@Suite struct OpenPGPDropTests {
    static let csv = Array(PaymentsCSV.mixed.utf8)

    /// A root whose `keys/` holds Intake's key and the customer's public key, and the customer's own home.
    final class Scene {
        let root: TemporaryRoot
        let keys: GPGHome
        let customer: GPGHome
        let intakeKey: String
        let customerKey: String

        init(_ policy: (String) -> OpenPGPPolicy) throws {
            let customer = try GPGHome()
            let customerKey = try customer.generate("Customer")
            let root = try TemporaryRoot { $0.workspaces["acme"]?.openPGP = policy(customerKey) }
            let keys = try GPGHome(path: root.root.keys)
            let intakeKey = try keys.generate("Intake")
            try customer.importKey(try keys.exportPublic(intakeKey))
            try keys.importKey(try customer.exportPublic(customerKey))
            self.customer = customer
            self.customerKey = customerKey
            self.root = root
            self.keys = keys
            self.intakeKey = intakeKey
        }

        func run(_ name: String, _ bytes: [UInt8]) throws -> JobRecord {
            try root.drop(name, bytes)
            _ = try root.runPass()
            return try #require(try root.jobs().last)
        }

        func expectNothingStored(_ job: JobRecord, _ code: String, _ label: String = "") throws {
            #expect(job.status == .failed, "\(label)")
            #expect(job.error?.code == code, "\(label): \(job.error?.code ?? "") \(job.error?.message ?? "")")
            #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 0, "\(label)")
        }
    }

    static func signed(_ customer: String) -> OpenPGPPolicy {
        var policy = OpenPGPPolicy()
        policy.requireEncryption = true
        policy.requireSignature = true
        policy.signers = [customer]
        return policy
    }

    @Test func encryptedAndSignedDropImports() throws {
        let scene = try Scene(Self.signed)
        let customer = scene.customer
        let sealed = try customer.encrypt(Self.csv, to: scene.intakeKey, signer: scene.customerKey)
        let job = try scene.run("acme__payments__june.csv.pgp", sealed)
        #expect(job.status == .done, "\(job.error?.code ?? "") \(job.error?.message ?? "")")
        #expect(job.succeeded == PaymentsCSV.valid.count)
        #expect(job.sourceLayers == ["openpgp"])
        #expect(job.sha256 == SHA256.hash(sealed) && job.contentSha256 == SHA256.hash(Self.csv))
        #expect(try scene.root.storeCount("acme", "SELECT count(*) FROM payments") == PaymentsCSV.valid.count)
    }

    @Test func armouredCompressedThenEncryptedDropImports() throws {
        let scene = try Scene(Self.signed)
        let customer = scene.customer
        let files = try LayeredFiles()
        let sealed = try customer.encrypt(try files.gzip("june.csv", Self.csv), to: scene.intakeKey, signer: scene.customerKey, armor: true)
        #expect(String(decoding: sealed.prefix(27), as: UTF8.self) == "-----BEGIN PGP MESSAGE-----")
        let job = try scene.run("acme/payments/june.csv.gz.asc", sealed)
        #expect(job.status == .done, "\(job.error?.code ?? "") \(job.error?.message ?? "")")
        #expect(job.sourceLayers == ["openpgp", "gzip"])
        let source = try #require(try scene.root.result("acme", job.jobID).dictionary("source"))
        #expect(source["layers"] as? [String] == ["openpgp", "gzip"])
        let html = try scene.root.read("outbox/acme/\(job.jobID).report.html")
        #expect(html.contains("<dt>Layers</dt><dd>OpenPGP-encrypted, then gzip-compressed</dd>"))
    }

    @Test func plaintextWhereEncryptionIsRequiredIsRejected() throws {
        let scene = try Scene(Self.signed)
        let job = try scene.run("acme__payments__june.csv", Self.csv)
        #expect(job.status == .rejected && job.error?.code == "encryption_required", "\(job.error?.code ?? "")")
        #expect(scene.root.files("failed/acme").count == 1)
    }

    @Test func unsignedMessageWhereASignatureIsRequiredFails() throws {
        let scene = try Scene(Self.signed)
        let customer = scene.customer
        let job = try scene.run("acme__payments__june.csv.gpg", try customer.encrypt(Self.csv, to: scene.intakeKey))
        try scene.expectNothingStored(job, "signature_missing")
    }

    @Test func signatureByAKeyIntakeDoesNotHoldFails() throws {
        let scene = try Scene(Self.signed)
        let customer = scene.customer
        let stranger = try customer.generate("Stranger")
        let job = try scene.run("acme__payments__june.csv.pgp", try customer.encrypt(Self.csv, to: scene.intakeKey, signer: stranger))
        try scene.expectNothingStored(job, "signer_unknown")
        #expect(job.error?.message.contains(stranger) == true, "\(job.error?.message ?? "")")
    }

    @Test func signatureByAHeldKeyNotAmongTheSignersFails() throws {
        let scene = try Scene(Self.signed)
        let customer = scene.customer
        let other = try customer.generate("Other")
        try scene.keys.importKey(try customer.exportPublic(other))
        let job = try scene.run("acme__payments__june.csv.pgp", try customer.encrypt(Self.csv, to: scene.intakeKey, signer: other))
        try scene.expectNothingStored(job, "signer_unknown")
    }

    @Test func messageForSomeoneElseFailsNamingItsKey() throws {
        let scene = try Scene(Self.signed)
        let customer = scene.customer
        let job = try scene.run(
            "acme__payments__june.csv.pgp", try customer.encrypt(Self.csv, to: scene.customerKey, signer: scene.customerKey))
        try scene.expectNothingStored(job, "decryption_failed")
        #expect(job.error?.message.contains("key id") == true, "\(job.error?.message ?? "")")
    }

    @Test func tamperedOrTruncatedCiphertextFails() throws {
        let scene = try Scene(Self.signed)
        let customer = scene.customer
        // Enough rows that the reader has parsed some before the message's end is reached.
        var text = Array(PaymentsCSV.header.utf8)
        for index in 0..<20_000 {
            text += Array("PAY-\(index),100.00,EUR,2026-06-01,Marie Dubois,FR7630006000011234567890189,SOGEFRPP,FR,x\n".utf8)
        }
        let sealed = try customer.encrypt(text, to: scene.intakeKey, signer: scene.customerKey)
        var flipped = sealed
        flipped[sealed.count - 40] ^= 0x01
        for (label, bytes) in [("flipped", flipped), ("cut", Array(sealed.prefix(sealed.count * 3 / 4))), ("text", Self.csv)] {
            let job = try scene.run("acme__payments__\(label).csv.pgp", bytes)
            #expect(job.status == .failed, "\(label)")
            #expect(["openpgp_invalid", "signature_invalid"].contains(job.error?.code ?? ""), "\(label): \(job.error?.code ?? "") \(job.error?.message ?? "")")
        }
        #expect(try scene.root.storeCount("acme", "SELECT count(*) FROM entries") == 0)
    }

    @Test func encryptedBombFails() throws {
        let scene = try Scene(Self.signed)
        let customer = scene.customer
        let row = Array(PaymentsCSV.valid[0].utf8)
        var text = Array(PaymentsCSV.header.utf8)
        while text.count < 8 << 20 { text += row }
        // gpg compresses before it encrypts: the OpenPGP layer itself inflates past 100:1.
        let job = try scene.run("acme__payments__bomb.csv.pgp", try customer.encrypt(text, to: scene.intakeKey, signer: scene.customerKey))
        try scene.expectNothingStored(job, "decompression_limit")
    }
}
