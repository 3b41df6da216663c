import CGPGME
import IntakeCore

/// Whether a decrypted message passes: it decrypted, its integrity check
/// held, and its signatures satisfy the workspace's `openpgp` policy
/// (spec section 2). Each refusal has its code and says what to send instead.
struct OpenPGPVerdict {
    let gpg: GPGContext
    let policy: OpenPGPPolicy

    /// The refusal for a decryption that ended with `status`, or nil when the message passes.
    func judge(_ status: gpgme_error_t) -> DocumentFailure? {
        if status != 0 { return decryptionFailure(status) }
        return signatureFailure()
    }

    private func decryptionFailure(_ status: gpgme_error_t) -> DocumentFailure {
        let code = cgpgme_err_code(status)
        if code == GPG_ERR_NO_SECKEY.rawValue || code == GPG_ERR_DECRYPT_FAILED.rawValue && !recipients().isEmpty && !holdsRecipient() {
            let ids = recipients()
            return DocumentFailure(
                "decryption_failed",
                "the message is encrypted to \(ids.isEmpty ? "no key Intake holds" : "key id " + ids.joined(separator: ", ")), not to this Intake's key; encrypt it to the key `intake keys ROOT --export-public` gives (ask your contact for it) and send it again")
        }
        if code == GPG_ERR_NO_DATA.rawValue {
            return DocumentFailure(
                "openpgp_invalid",
                "the file is not an OpenPGP message (or its armour has no message block); encrypt the document with gpg --encrypt and send the .pgp (or .asc) file it writes")
        }
        return DocumentFailure(
            "openpgp_invalid",
            "the OpenPGP message is damaged or was altered (\(OpenPGPError.text(status))): nothing was stored; encrypt the document again and send the whole file")
    }

    private func signatureFailure() -> DocumentFailure? {
        var signature = gpgme_op_verify_result(gpg.context)?.pointee.signatures
        if signature == nil {
            guard policy.requireSignature else { return nil }
            return DocumentFailure(
                "signature_missing",
                "this workspace takes only signed documents and the message has no signature; sign and encrypt it (gpg --sign --encrypt) with the key whose fingerprint you sent us")
        }
        while let current = signature?.pointee {
            signature = current.next
            let fingerprint = current.fpr.map { String(cString: $0) } ?? "?"
            let code = cgpgme_err_code(current.status)
            if code == GPG_ERR_NO_PUBKEY.rawValue {
                return DocumentFailure(
                    "signer_unknown",
                    "the message is signed by key \(fingerprint), which Intake does not hold; send us that public key (gpg --export --armor) to import, or sign with the key you sent before")
            }
            if current.summary.rawValue & GPGME_SIGSUM_KEY_REVOKED.rawValue != 0 || code == GPG_ERR_CERT_REVOKED.rawValue {
                return DocumentFailure(
                    "signature_invalid",
                    "the message is signed by key \(fingerprint), which is revoked; sign it with your current key and send it again")
            }
            if code != 0 || current.summary.rawValue & GPGME_SIGSUM_RED.rawValue != 0 {
                return DocumentFailure(
                    "signature_invalid",
                    "the signature by key \(fingerprint) does not match the message (\(OpenPGPError.text(current.status))): it was altered after signing; sign and encrypt the document again and send the whole file")
            }
            if !policy.signers.isEmpty && !isListed(fingerprint) {
                return DocumentFailure(
                    "signer_unknown",
                    "the message is signed by key \(fingerprint), which is not among this workspace's signers; sign it with the key whose fingerprint you gave us, or ask for this one to be added")
            }
        }
        return nil
    }

    /// Whether `fingerprint` (a signing key or subkey) belongs to a key in the policy's `signers`.
    private func isListed(_ fingerprint: String) -> Bool {
        let signers = Set(policy.signers.map { $0.uppercased() })
        if signers.contains(fingerprint.uppercased()) { return true }
        guard let key = gpg.key(fingerprint) else { return false }
        defer { gpgme_key_unref(key) }
        if let primary = key.pointee.fpr, signers.contains(String(cString: primary).uppercased()) { return true }
        var subkey = key.pointee.subkeys
        while let current = subkey?.pointee {
            if let fpr = current.fpr, signers.contains(String(cString: fpr).uppercased()) { return true }
            subkey = current.next
        }
        return false
    }

    private func recipients() -> [String] {
        var ids: [String] = []
        var recipient = gpgme_op_decrypt_result(gpg.context)?.pointee.recipients
        while let current = recipient?.pointee {
            if let keyid = current.keyid { ids.append(String(cString: keyid)) }
            recipient = current.next
        }
        return ids
    }

    private func holdsRecipient() -> Bool {
        recipients().contains { id in
            guard let key = gpg.key(id, secret: true) else { return false }
            gpgme_key_unref(key)
            return true
        }
    }
}
