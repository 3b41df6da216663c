import CGPGME
import Foundation
import IntakeCore
import IntakeSystem

/// The plain side of one file encrypted by GPGME on a thread of its own: the
/// writer's bytes go through a ``PlaintextPipe`` (at most 1 MiB in memory),
/// GPGME's ciphertext straight into the file. Nothing plain touches the disk.
final class EncryptingSink: SealingSink {
    private let pipe = PlaintextPipe()
    private let job: EncryptJob
    private var ended = false

    /// Starts encrypting to `recipient` into `output` (nil: the ciphertext is
    /// thrown away, for a trial); `path` names the file in errors.
    init(output: FileDescriptor?, path: String, recipient: String, home: String) throws(OpenPGPError) {
        let gpg = try GPGContext(home: home)
        guard let key = gpg.key(recipient) else {
            throw OpenPGPError("the keys folder \(home) holds no public key \(recipient)")
        }
        job = EncryptJob(gpg: gpg, key: key, pipe: pipe, output: output, path: path)
        let job = job
        let thread = Thread { job.run() }
        thread.name = "intake-openpgp-seal"
        thread.start()
    }

    deinit { cancel() }

    func write(_ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        guard pipe.write(bytes) else { throw job.failure() }
    }

    func finish() throws(SystemError) {
        guard !ended else { return }
        ended = true
        pipe.finish(nil)
        job.done.wait()
        if let failure = job.outcome { throw failure }
    }

    func cancel() {
        guard !ended else { return }
        ended = true
        pipe.cancel()
        pipe.finish(nil, readFailure: SystemError.sealFailed("encryption abandoned", path: job.path))
    }
}

@available(*, unavailable)
extension EncryptingSink: Sendable {}

/// What GPGME's thread owns: the context, the key, the output file.
private final class EncryptJob: @unchecked Sendable {
    // Safe to share: the context and the file are used only by the GPGME thread
    // until `done` is signalled; `outcome` is read only after that.
    let gpg: GPGContext
    let key: gpgme_key_t
    let pipe: PlaintextPipe
    let output: FileDescriptor?
    let path: String
    let done = DispatchSemaphore(value: 0)
    var outcome: SystemError?
    private var outputError: SystemError?

    init(gpg: GPGContext, key: gpgme_key_t, pipe: PlaintextPipe, output: FileDescriptor?, path: String) {
        self.gpg = gpg
        self.key = key
        self.pipe = pipe
        self.output = output
        self.path = path
    }

    deinit { gpgme_key_unref(key) }

    /// Why the writer's bytes were refused: GPGME's thread ended early.
    func failure() -> SystemError {
        done.wait()
        done.signal()
        return outcome ?? SystemError.sealFailed("encrypting stopped before the file ended", path: path)
    }

    func run() {
        outcome = encrypt()
        // GPGME stopped: a writer still pushing bytes is told, never left waiting.
        pipe.cancel()
        done.signal()
    }

    private func encrypt() -> SystemError? {
        var recipients: [gpgme_key_t?] = [key, nil]
        let status = GPGStreams.run(read: { buffer in
            (try? self.pipe.read(into: buffer)) ?? -1
        }, write: { self.store($0) }) { plain, cipher in
            recipients.withUnsafeMutableBufferPointer { keys in
                gpgme_op_encrypt(gpg.context, keys.baseAddress, GPGME_ENCRYPT_ALWAYS_TRUST, plain, cipher)
            }
        }
        guard let status else { return SystemError.sealFailed("GPGME could not make its data buffers", path: path) }
        if let outputError { return outputError }
        guard status == 0 else {
            return SystemError.sealFailed("encrypting to \(fingerprint) failed: \(OpenPGPError.text(status))", path: path)
        }
        if let invalid = gpgme_op_encrypt_result(gpg.context)?.pointee.invalid_recipients {
            return SystemError.sealFailed(
                "key \(fingerprint) may not be encrypted to: \(OpenPGPError.text(invalid.pointee.reason))", path: path)
        }
        return nil
    }

    private var fingerprint: String { key.pointee.fpr.map { String(cString: $0) } ?? "?" }

    private func store(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let output else { return true }
        do {
            try output.write(bytes)
            return true
        } catch {
            outputError = error
            return false
        }
    }
}
