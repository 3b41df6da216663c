import IntakeCore

/// `.pgp`, `.gpg`, `.asc`: an OpenPGP message (binary or ASCII-armoured),
/// decrypted with the keys in `ROOT/keys` and its signatures checked against
/// the workspace's `openpgp` policy, through GPGME, while the document is read.
public struct OpenPGPLayer: DocumentLayer {
    /// The layer, for ``DocumentHandlers/adding(layers:)``.
    public init() {}

    package var name: String { "openpgp" }
    package var extensions: [String] { ["pgp", "gpg", "asc"] }
    package var encrypts: Bool { true }

    package func open(_ input: LayerInput, context: LayerContext) throws -> any ByteSource {
        DecryptingSource(cipher: input.sequential, context: context)
    }
}
