/// What turns a file's bytes into the bytes stored, while they are written
/// (an encryption: `encrypt_reports_to`, spec section 2). ``BufferedFile``
/// hands every byte to the sink a sealer opens and never writes them itself,
/// so no plain byte reaches the disk, not even in the temporary file.
public protocol FileSealer: Sendable {
    /// Appended to the file's name (`.pgp`).
    var suffix: String { get }
    /// Starts a sealed file whose stored bytes go to `file` (the temporary
    /// file of `path`): the returned sink takes the plain bytes.
    func seal(into file: FileDescriptor, path: String) throws(SystemError) -> any SealingSink
}

/// The plain side of one sealed file.
public protocol SealingSink: AnyObject {
    /// Seals `bytes` (they may be written to the file later).
    func write(_ bytes: UnsafeRawBufferPointer) throws(SystemError)
    /// Ends the sealed stream: every stored byte is in the file when it returns.
    func finish() throws(SystemError)
    /// Abandons the file (its writer failed): whatever seals in the background stops.
    func cancel()
}
