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
        let handle = Unmanaged.passRetained(self)
        defer { handle.release() }
        let callbacks = UnsafeMutablePointer<gpgme_data_cbs>.allocate(capacity: 2)
        defer { callbacks.deallocate() }
        callbacks[0] = gpgme_data_cbs(read: { handle, buffer, size in
            guard let handle, let buffer else { return -1 }
            let job = Unmanaged<DecryptJob>.fromOpaque(handle).takeUnretainedValue()
            if job.pipe.cancelled { return -1 }
            do {
                return try job.cipher.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: size))
            } catch {
                job.inputError = error
                return -1
            }
        }, write: nil, seek: nil, release: nil)
        callbacks[1] = gpgme_data_cbs(read: nil, write: { handle, buffer, size in
            guard let handle, let buffer else { return -1 }
            let job = Unmanaged<DecryptJob>.fromOpaque(handle).takeUnretainedValue()
            return job.pipe.write(UnsafeRawBufferPointer(start: buffer, count: size)) ? size : -1
        }, seek: nil, release: nil)
        var cipherData: gpgme_data_t?
        var plainData: gpgme_data_t?
        let opaque = handle.toOpaque()
        guard gpgme_data_new_from_cbs(&cipherData, callbacks, opaque) == 0,
              gpgme_data_new_from_cbs(&plainData, callbacks + 1, opaque) == 0 else {
            gpgme_data_release(cipherData)
            pipe.finish(DocumentFailure("decryption_failed", "GPGME could not make its data buffers; retry", errorCode: 500))
            return
        }
        defer {
            gpgme_data_release(cipherData)
            gpgme_data_release(plainData)
        }
        let status = gpgme_op_decrypt_verify(gpg.context, cipherData, plainData)
        if pipe.cancelled { return pipe.finish(nil) }
        if let inputError { return pipe.finish(nil, readFailure: inputError) }
        pipe.finish(OpenPGPVerdict(gpg: gpg, policy: context.openPGP).judge(status))
    }
}
