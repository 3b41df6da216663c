import Dispatch

/// Hashes a stream of chunks with SHA-256 on another thread, so the parser's
/// thread does not pay for it. Chunks are copied (the reader reuses its
/// buffer); at most ``maxInFlight`` copies wait at once, so memory stays flat.
final class BackgroundHasher: @unchecked Sendable {
    // Safe to share: `state` is touched only on `queue` (updates) or after
    // `queue.sync` has drained it (digest); `slots` is a semaphore.
    private var state = SHA256()
    private let queue = DispatchQueue(label: "intake.sha256")
    private let slots: DispatchSemaphore
    /// Chunks allowed to wait for the hashing thread.
    static let maxInFlight = 4

    init() { slots = DispatchSemaphore(value: BackgroundHasher.maxInFlight) }

    /// Queues a copy of `chunk` for hashing; waits while too many are queued.
    func update(_ chunk: UnsafeRawBufferPointer) {
        let copy = [UInt8](chunk)
        slots.wait()
        queue.async {
            copy.withUnsafeBytes { self.state.update($0) }
            self.slots.signal()
        }
    }

    /// Waits for the queued chunks and returns the lowercase hex digest.
    func digest() -> String {
        queue.sync { SHA256.hex(state.finalize()) }
    }
}
