import IntakeCore
import IntakeSystem
/// A growable run of bytes owned by the JSON scanner: a record's flattened keys, its
/// values, or an envelope string being collected. Reused from record to record.
///
/// Not Sendable: it belongs to one scanner.
final class JSONByteArena {
    private(set) var bytes: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// Bytes `0..<count` are in use.
    var count = 0

    init(capacity: Int) {
        self.capacity = max(16, capacity)
        bytes = .allocate(capacity: self.capacity)
    }

    deinit {
        bytes.deallocate()
    }

    /// Bytes `start..<end`, valid until the next append or reset.
    @inline(__always)
    func slice(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: UnsafePointer(bytes + start), count: end - start)
    }

    @inline(__always)
    func append(_ source: UnsafePointer<UInt8>, count added: Int) {
        if count + added > capacity { grow(toHold: count + added) }
        (bytes + count).update(from: source, count: added)
        count += added
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: count + 1) }
        bytes[count] = byte
        count += 1
    }

    /// Appends the first `count` bytes of `other` (a field's dotted key).
    func appendCopy(from other: JSONByteArena, count added: Int) {
        if count + added > capacity { grow(toHold: count + added) }
        (bytes + count).update(from: other.bytes, count: added)
        count += added
    }

    /// Appends the UTF-8 form of a Unicode scalar value (already checked to be valid).
    func appendScalar(_ value: UInt32) {
        switch value {
        case 0..<0x80:
            append(UInt8(value))
        case 0x80..<0x800:
            append(UInt8(0xC0 | (value >> 6)))
            append(UInt8(0x80 | (value & 0x3F)))
        case 0x800..<0x10000:
            append(UInt8(0xE0 | (value >> 12)))
            append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            append(UInt8(0x80 | (value & 0x3F)))
        default:
            append(UInt8(0xF0 | (value >> 18)))
            append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            append(UInt8(0x80 | (value & 0x3F)))
        }
    }

    /// Forgets the content; gives back memory above `keep` bytes grown for a large record.
    func reset(keep: Int) {
        count = 0
        if capacity > keep * 2 {
            bytes.deallocate()
            capacity = max(16, keep)
            bytes = .allocate(capacity: capacity)
        }
    }

    private func grow(toHold needed: Int) {
        var newCapacity = capacity
        while newCapacity < needed {
            newCapacity = newCapacity > Int.max / 2 ? needed : newCapacity * 2
        }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: bytes, count: count)
        bytes.deallocate()
        bytes = grown
        capacity = newCapacity
    }
}
