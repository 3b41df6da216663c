import Foundation
import Testing

@testable import IntakeKit
import IntakeTestSupport

/// The OpenPGP layer on messages made by the customer's real `gpg` (binary
/// and ASCII-armoured, signed), cut and flipped at seeded random places and
/// read in chunks of many sizes through GPGME: each read ends with the
/// document's exact bytes or a refusal with one of the layer's codes, never a
/// crash, a hang, more output than the document, or other bytes passed as it.
@Suite struct OpenPGPMutationTests {
    static let document = Array((PaymentsCSV.mixed + String(repeating: PaymentsCSV.valid[0], count: 100)).utf8)
    static let codes: Set<String> = ["openpgp_invalid", "decryption_failed", "signature_invalid", "signature_missing", "signer_unknown"]

    /// Reads `input` through the layer with the keys in `keys` and a policy requiring `signer`'s signature.
    static func read(_ input: [UInt8], keys: String, signer: String, index: Int) -> Result<[UInt8], DocumentFailure> {
        var policy = OpenPGPPolicy()
        policy.requireSignature = true
        policy.signers = [signer]
        let context = LayerContext(documentExtension: "csv", maxFileBytes: 1 << 30, keysFolder: keys, openPGP: policy)
        do {
            var source = try OpenPGPLayer().open(.stream(MemoryByteSource(input, maxChunk: 1 + index % 4099)), context: context)
            var out: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 1 + (index * 37) % 70_000)
            while true {
                let count = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
                if count == 0 { return .success(out) }
                out += buffer[0..<count]
                // Memory stays bounded: a mutated message never yields more than the document.
                if out.count > document.count { return .failure(DocumentFailure("runaway", "more bytes than the document")) }
            }
        } catch let failure as DocumentFailure {
            return .failure(failure)
        } catch {
            return .failure(DocumentFailure("other", "\(error)"))
        }
    }

    static func mutations(of bytes: [UInt8], count: Int, seed: UInt64, armoured: Bool) -> [[UInt8]] {
        var rng = JSONTestKit.RNG(seed: seed)
        return (0..<count).map { index in
            var copy = bytes
            switch index % 4 {
            case 0: return Array(copy.prefix(Int(rng.next() % UInt64(copy.count))))
            case 1 where armoured:
                // Junk around the armour, or a line of it replaced.
                let junk = Array("garbage \(rng.next())\n".utf8)
                return index % 8 == 1 ? junk + copy : copy + junk + copy
            default:
                for _ in 0...(index % 3) {
                    let at = Int(rng.next() % UInt64(copy.count))
                    // Armour stays printable ASCII, so its base64 is what is damaged, not its text.
                    copy[at] = armoured ? UInt8(0x41 + rng.next() % 26) : copy[at] ^ UInt8(truncatingIfNeeded: rng.next() | 1)
                }
                return copy
            }
        }
    }

    @Test(arguments: [false, true])
    func mutatedMessagesEndWithTheDocumentOrACode(armoured: Bool) throws {
        let customer = try GPGHome()
        let customerKey = try customer.generate("Customer")
        let keys = try GPGHome()
        let intakeKey = try keys.generate("Intake")
        try customer.importKey(try keys.exportPublic(intakeKey))
        try keys.importKey(try customer.exportPublic(customerKey))
        let sealed = try customer.encrypt(Self.document, to: intakeKey, signer: customerKey, armor: armoured)
        guard case .success(let intact) = Self.read(sealed, keys: keys.path, signer: customerKey, index: 1) else {
            Issue.record("the intact message failed")
            return
        }
        #expect(intact == Self.document)
        var refused = 0
        for (index, mutated) in Self.mutations(of: sealed, count: 150, seed: armoured ? 2807 : 2808, armoured: armoured).enumerated() {
            switch Self.read(mutated, keys: keys.path, signer: customerKey, index: index) {
            case .success(let bytes):
                // Armour headers and junk outside the block are not the message.
                #expect(bytes == Self.document, "mutation \(index) passed other bytes as the document")
            case .failure(let failure):
                refused += 1
                #expect(Self.codes.contains(failure.error.code), "mutation \(index): \(failure.error.code) \(failure.error.message)")
            }
        }
        #expect(refused > 75)
    }
}
