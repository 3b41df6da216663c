import IntakeSystem

/// How a workspace's outbox files are encrypted to its `encrypt_reports_to`
/// key (spec section 2): the seam the engine reaches OpenPGP through.
/// IntakeOpenPGP implements it; the commands hand it to the engine in its
/// `Drivers`, so the engine links no OpenPGP library.
public protocol ReportEncryption: Sendable {
    /// The sealer that encrypts each outbox file to `recipient` (a
    /// fingerprint) with the keys in `keysFolder` (`ROOT/keys`), its name
    /// ending in the sealer's suffix (`.pgp`).
    func sealer(recipient: String, keysFolder: String) -> any FileSealer
    /// Why `keysFolder` cannot encrypt to `recipient` (no such public key, a
    /// revoked or expired one, no key that may encrypt), saying what to do;
    /// nil when it can. Checked when a configuration is loaded.
    func problem(recipient: String, keysFolder: String) -> String?
}
