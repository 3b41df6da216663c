import CGPGME
import IntakeCore
import IntakeSystem

/// `encrypt_reports_to`: every outbox file of the workspace encrypted to the
/// customer's key in `ROOT/keys` (binary OpenPGP, `.pgp` appended), streamed
/// through GPGME (``EncryptingSink``): no plaintext on disk.
public struct OpenPGPReports: ReportEncryption {
    /// The implementation, for `Drivers`.
    public init() {}

    public func sealer(recipient: String, keysFolder: String) -> any FileSealer {
        OpenPGPSealer(recipient: recipient, home: keysFolder)
    }

    public func problem(recipient: String, keysFolder: String) -> String? {
        let advice = "import the customer's public key with intake keys ROOT --import FILE (the file gpg --export --armor FINGERPRINT writes on their side), or fix encrypt_reports_to"
        do {
            let gpg = try GPGContext(home: keysFolder)
            guard let key = gpg.key(recipient) else {
                return "the keys folder \(keysFolder) holds no public key \(recipient) for encrypt_reports_to: \(advice)"
            }
            gpgme_key_unref(key)
            // A trial encryption of nothing: a revoked, expired or sign-only key is refused here, not at a job's end.
            let sink = try EncryptingSink(output: nil, path: keysFolder, recipient: recipient, home: keysFolder)
            try sink.finish()
            return nil
        } catch {
            return "the keys folder \(keysFolder) cannot encrypt to \(recipient) (\(error)): \(advice)"
        }
    }
}

/// Seals one outbox file: OpenPGP to one recipient.
struct OpenPGPSealer: FileSealer {
    let recipient: String
    let home: String

    var suffix: String { ".pgp" }

    func seal(into file: FileDescriptor, path: String) throws(SystemError) -> any SealingSink {
        do {
            return try EncryptingSink(output: file, path: path, recipient: recipient, home: home)
        } catch {
            throw SystemError.sealFailed("encrypting to key \(recipient) with the keys in \(home) (\(error)); check encrypt_reports_to with intake check ROOT", path: path)
        }
    }
}
