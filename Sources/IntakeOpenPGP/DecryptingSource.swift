import CGPGME
import Foundation
import IntakeCore

/// The plaintext of an OpenPGP message, decrypted and verified by GPGME on a
/// thread of its own while the document's reader parses it (through a
/// ``PlaintextPipe``: memory flat, nothing on disk). Its end comes only after
/// GPGME finished: the message's integrity check and signatures are known
/// there, and a refusal is thrown instead of the end (``OpenPGPVerdict``).
final class DecryptingSource: ByteSource {
    private let pipe = PlaintextPipe()

    /// Starts decrypting `cipher` with the keys in `context.keysFolder`.
    init(cipher: any ByteSource, context: LayerContext) {
        let job = DecryptJob(cipher: cipher, pipe: pipe, context: context)
        let thread = Thread { job.run() }
        thread.name = "intake-openpgp"
        thread.start()
    }

    deinit { pipe.cancel() }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try pipe.read(into: buffer)
    }
}

@available(*, unavailable)
extension DecryptingSource: Sendable {}

/// What the GPGME thread owns: the ciphertext's source, read only there.
private final class DecryptJob: @unchecked Sendable {
    // Safe to share: handed to the one thread that uses it, never touched by the starter again.
    var cipher: any ByteSource
    let pipe: PlaintextPipe
    let context: LayerContext
    var inputError: (any Error)?

    init(cipher: any ByteSource, pipe: PlaintextPipe, context: LayerContext) {
        self.cipher = cipher
        self.pipe = pipe
        self.context = context
    }

    func run() {
        let gpg: GPGContext
        do {
            gpg = try GPGContext(home: context.keysFolder)
        } catch {
            pipe.finish(DocumentFailure(
                "decryption_failed", "Intake could not start GnuPG on its keys folder (\(error)); check ROOT/keys (intake keys --list)", errorCode: 500))
            return
        }
        let status = GPGStreams.run(read: { buffer in
            if self.pipe.cancelled { return -1 }
            do {
                return try self.cipher.read(into: buffer)
            } catch {
                self.inputError = error
                return -1
            }
        }, write: { self.pipe.write($0) }) { cipher, plain in
            gpgme_op_decrypt_verify(gpg.context, cipher, plain)
        }
        guard let status else {
            return pipe.finish(DocumentFailure("decryption_failed", "GPGME could not make its data buffers; retry", errorCode: 500))
        }
        if pipe.cancelled { return pipe.finish(nil) }
        if let inputError { return pipe.finish(nil, readFailure: inputError) }
        pipe.finish(OpenPGPVerdict(gpg: gpg, policy: context.openPGP).judge(status))
    }
}
