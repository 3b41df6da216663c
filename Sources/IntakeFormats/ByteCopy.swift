import IntakeCore
import IntakeSystem
/// Bytes copied out of a reused array into memory of their own, which stays in
/// place until the next copy: for values handed out as buffer pointers (a
/// row's rejected line, a row's padded identifiers) while the array is reused.
/// Grows, never shrinks. Not thread-safe.
final class ByteCopy {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// How many bytes the last copy holds.
    private(set) var count = 0

    /// Room for `capacity` bytes to begin with.
    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Replaces the copy with `bytes` (pointers from before are no longer valid).
    func set(_ bytes: [UInt8]) {
        if bytes.count > capacity {
            while capacity < bytes.count { capacity *= 2 }
            base.deallocate()
            base = .allocate(capacity: capacity)
        }
        bytes.withUnsafeBufferPointer { source in
            if let start = source.baseAddress { base.update(from: start, count: source.count) }
        }
        count = bytes.count
    }

    /// Bytes `range` of the copy, valid until the next ``set(_:)``.
    func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "a ByteCopy range lies within the copy")
        return UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// The whole copy, valid until the next ``set(_:)``.
    var all: UnsafeBufferPointer<UInt8> { bytes(0..<count) }
}

@available(*, unavailable)
extension ByteCopy: Sendable {}
