import IntakeSystem

/// A wrapping a document may arrive in (spec section 2, "Layered drops"): a
/// compression (`.gz`, `.zip`) or an OpenPGP message (`.pgp`, `.gpg`, `.asc`),
/// named by an extension after the document's own (`june.csv.gz.pgp`).
///
/// A layer turns the bytes it is given into the bytes it holds while they are
/// read: nothing it removes is written to disk. The engine names no layer: it
/// is given them with the handlers (``DocumentHandlers/layers``) and stacks
/// them outermost first (``LayerStack``), which also holds every layer to
/// `max_file_bytes` and the 100:1 ratio.
package protocol DocumentLayer: Sendable {
    /// The layer's name in `source.layers` (`gzip`, `zip`, `openpgp`).
    var name: String { get }
    /// The extensions (lower case, no dot) that name this layer.
    var extensions: [String] { get }
    /// Whether the layer reads its input at random (a ZIP's directory is at
    /// its end): it is then given the claimed file itself when it is the
    /// outermost layer, else its input held in memory (up to ``LayerStack/memoryLimit``).
    var needsRandomAccess: Bool { get }
    /// Whether the layer checks its own input/output ratio and size (a ZIP
    /// entry's reader does); else the stack counts them.
    var limitsItself: Bool { get }
    /// Whether the layer is encryption (OpenPGP): a workspace that requires
    /// encryption refuses a drop without one (`encryption_required`).
    var encrypts: Bool { get }
    /// The bytes `input` holds. Reading the returned source to its end checks
    /// the layer's own integrity (a CRC, a signature); a refusal is thrown as a
    /// ``DocumentFailure`` (from here, or from the source's reads).
    func open(_ input: LayerInput, context: LayerContext) throws -> any ByteSource
}

extension DocumentLayer {
    package var needsRandomAccess: Bool { false }
    package var limitsItself: Bool { false }
    package var encrypts: Bool { false }
}

/// What a layer reads.
package enum LayerInput {
    /// The claimed file as dropped, at offset 0, for a layer that reads at random
    /// (its bytes have already been hashed as the job's `source.sha256`).
    case file(FileDescriptor)
    /// The bytes held in memory (a random-access layer inside another layer).
    case memory([UInt8])
    /// The bytes as a stream, read once front to back.
    case stream(any ByteSource)
}

/// What a layer is told about the job it reads for.
package struct LayerContext: Sendable {
    /// The document's own extension (`csv` of `june.csv.zip`), lower case.
    package var documentExtension: String
    /// The configuration's `max_file_bytes`: the most any layer may produce.
    package var maxFileBytes: Int64
    /// The root's GnuPG home (`ROOT/keys`).
    package var keysFolder: String
    /// The workspace's OpenPGP policy.
    package var openPGP: OpenPGPPolicy

    /// A context for a document with extension `documentExtension`.
    package init(documentExtension: String, maxFileBytes: Int64, keysFolder: String, openPGP: OpenPGPPolicy = OpenPGPPolicy()) {
        self.documentExtension = documentExtension
        self.maxFileBytes = maxFileBytes
        self.keysFolder = keysFolder
        self.openPGP = openPGP
    }
}

/// A workspace's `openpgp` settings (spec section 2).
public struct OpenPGPPolicy: Equatable, Sendable {
    /// A plaintext drop is refused (`encryption_required`).
    public var requireEncryption = false
    /// An OpenPGP drop must be signed by one of ``signers``.
    public var requireSignature = false
    /// The fingerprints (upper-case hex) whose signatures are accepted.
    public var signers: [String] = []
    /// The fingerprint every outbox file of the workspace is encrypted to, if any.
    public var encryptReportsTo: String?

    /// No requirement: what a workspace without `openpgp` has.
    public init() {}
}

extension LayerInput {
    /// The input read front to back, whatever form it was given in.
    package var sequential: any ByteSource {
        switch self {
        case .file(let file): FileByteSource(file)
        case .memory(let bytes): MemoryByteSource(bytes)
        case .stream(let source): source
        }
    }
}
