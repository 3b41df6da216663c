import Foundation
import IntakeCore

/// The plaintext between GPGME's thread and the document's reader (or, for an
/// encrypted outbox file, between the report's writer and GPGME): at most
/// ``capacity`` bytes in memory (GPGME waits while it is full), never on disk.
/// The verdict (a refusal, or none) is set once the message was read to its
/// end; the reader sees the end of the document only then.
final class PlaintextPipe: @unchecked Sendable {
    // Safe to share: every field is read and written under `condition`.
    private let condition = NSCondition()
    private var bytes: [UInt8] = []
    private var start = 0
    private var finished = false
    private var verdict: DocumentFailure?
    private var readFailure: (any Error)?
    private(set) var cancelled = false

    /// Most plaintext bytes held at once.
    static let capacity = 1 << 20

    /// GPGME's side: appends `chunk`, waiting while the pipe is full; false once the reader went away.
    func write(_ chunk: UnsafeRawBufferPointer) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while bytes.count - start >= Self.capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        if start > 0 && start == bytes.count {
            bytes.removeAll(keepingCapacity: true)
            start = 0
        }
        bytes.append(contentsOf: chunk)
        condition.broadcast()
        return true
    }

    /// GPGME's side, once the message ended: the refusal, if any, or an input read's error.
    func finish(_ failure: DocumentFailure?, readFailure: (any Error)? = nil) {
        condition.lock()
        finished = true
        verdict = failure
        self.readFailure = readFailure
        condition.broadcast()
        condition.unlock()
    }

    /// The reader's side: the next plaintext bytes; 0 at the end of a message
    /// that passed every check; throws the refusal of one that did not.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        condition.lock()
        defer { condition.unlock() }
        while start == bytes.count && !finished { condition.wait() }
        if start < bytes.count {
            let count = min(buffer.count, bytes.count - start)
            bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[start..<(start + count)])) }
            start += count
            if bytes.count - start < Self.capacity / 2 {
                if start > Self.capacity {
                    bytes.removeFirst(start)
                    start = 0
                }
                condition.broadcast()
            }
            return count
        }
        if let readFailure { throw readFailure }
        if let verdict { throw verdict }
        return 0
    }

    /// The reader went away (the job failed elsewhere): GPGME's writes fail and its thread ends.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
