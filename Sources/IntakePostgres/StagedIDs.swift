import IntakeCore
import IntakeSystem

/// The ids staged in one batch, as PostgreSQL will store them (valid UTF-8,
/// no NUL: two ids the server would hold as one text are one id here), to
/// find an id repeated within the batch without an allocation per row: the
/// ids' bytes go in one buffer, an open-addressing table holds their places.
package struct StagedIDs {
    private var bytes: [UInt8] = []
    private var starts: [Int] = []
    private var hashes: [UInt64] = []
    /// Index into `starts` plus one; 0 is empty.
    private var slots: [Int32] = []
    private var mask = 0

    package init() {}

    /// Forgets every id and makes room for `count` of them.
    package mutating func reset(capacity count: Int) {
        bytes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        var size = 16
        while size < count * 2 { size <<= 1 }
        if slots.count != size { slots = Array(repeating: 0, count: size) } else { slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
        mask = size - 1
        starts.append(0)
    }

    /// Adds `id` (nil is the empty text); false when the batch already holds it.
    package mutating func insert(_ id: UnsafeBufferPointer<UInt8>?) -> Bool {
        let start = bytes.count
        if let id {
            if CopyBinary.isPlainASCII(id) { bytes.append(contentsOf: id) } else { CopyText.appendValidUTF8(id, escaping: false, to: &bytes) }
        }
        let end = bytes.count
        let hash = Self.hash(bytes, start, end)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let other = Int(slots[slot]) - 1
            if hashes[other] == hash, bytes[starts[other]..<starts[other + 1]].elementsEqual(bytes[start..<end]) {
                bytes.removeSubrange(start..<end)
                return false
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(truncatingIfNeeded: hashes.count + 1)
        hashes.append(hash)
        starts.append(end)
        return true
    }

    /// FNV-1a over the key's bytes, its high bits folded in for the table's low ones.
    private static func hash(_ bytes: [UInt8], _ start: Int, _ end: Int) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for index in start..<end { hash = (hash ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01B3 }
        return hash ^ (hash >> 29)
    }
}
