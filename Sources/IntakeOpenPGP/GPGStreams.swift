import CGPGME

/// The two GPGME data buffers of one streamed operation (decrypt, encrypt):
/// one GPGME reads its input from through `read`, one it writes its output
/// to through `write`, both closures called on the thread running the
/// operation. Neither buffer holds more than GPGME's own chunk.
final class GPGStreams {
    /// Fills the buffer with the operation's next input bytes: their count, 0 at the end, -1 on failure.
    typealias Read = (UnsafeMutableRawBufferPointer) -> Int
    /// Takes the operation's next output bytes: false on failure.
    typealias Write = (UnsafeRawBufferPointer) -> Bool

    private let read: Read
    private let write: Write

    private init(read: @escaping Read, write: @escaping Write) {
        self.read = read
        self.write = write
    }

    /// GPGME's I/O buffer for each data object (its flag `io-buffer-size`).
    static let ioBufferSize = "262144"

    /// Runs `operation` with the input and output buffers over `read` and
    /// `write`: its status, or nil when GPGME could not make the buffers.
    static func run(
        read: @escaping Read, write: @escaping Write,
        _ operation: (_ input: gpgme_data_t?, _ output: gpgme_data_t?) -> gpgme_error_t
    ) -> gpgme_error_t? {
        let streams = GPGStreams(read: read, write: write)
        return withExtendedLifetime(streams) {
            let callbacks = UnsafeMutablePointer<gpgme_data_cbs>.allocate(capacity: 2)
            defer { callbacks.deallocate() }
            callbacks[0] = gpgme_data_cbs(read: { handle, buffer, size in
                guard let handle, let buffer else { return -1 }
                let streams = Unmanaged<GPGStreams>.fromOpaque(handle).takeUnretainedValue()
                return streams.read(UnsafeMutableRawBufferPointer(start: buffer, count: size))
            }, write: nil, seek: nil, release: nil)
            callbacks[1] = gpgme_data_cbs(read: nil, write: { handle, buffer, size in
                guard let handle, let buffer else { return -1 }
                let streams = Unmanaged<GPGStreams>.fromOpaque(handle).takeUnretainedValue()
                return streams.write(UnsafeRawBufferPointer(start: buffer, count: size)) ? size : -1
            }, seek: nil, release: nil)
            let opaque = Unmanaged.passUnretained(streams).toOpaque()
            var input: gpgme_data_t?
            var output: gpgme_data_t?
            guard gpgme_data_new_from_cbs(&input, callbacks, opaque) == 0,
                  gpgme_data_new_from_cbs(&output, callbacks + 1, opaque) == 0 else {
                gpgme_data_release(input)
                return nil
            }
            defer {
                gpgme_data_release(input)
                gpgme_data_release(output)
            }
            // GPGME moves data between gpg and the callbacks 4 KiB at a time by
            // default: a poll, a read and a context switch per 4 KiB of a 110 MB
            // plaintext. Bigger reads and writes take gpg's output as it comes.
            _ = gpgme_data_set_flag(input, "io-buffer-size", Self.ioBufferSize)
            _ = gpgme_data_set_flag(output, "io-buffer-size", Self.ioBufferSize)
            return operation(input, output)
        }
    }
}
