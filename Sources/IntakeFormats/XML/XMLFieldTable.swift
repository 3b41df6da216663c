import IntakeCore
import IntakeSystem
/// The current record's keys and values, copied into one arena that is reused
/// from record to record (no allocation once it is large enough).
///
/// Stored properties are `@exclusivity(unchecked)`: the object is confined to one
/// reader on one thread (not Sendable) and no access to a property overlaps another
/// access to the same property; the dynamic checks cost 5× the throughput here.
final class XMLFieldTable {
    private struct Entry {
        var keyStart: Int
        var keyCount: Int
        var valueStart: Int
        var valueCount: Int
    }

    @exclusivity(unchecked) private var storage: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity = 4096
    @exclusivity(unchecked) private var used = 0
    @exclusivity(unchecked) private var entries: [Entry] = []

    init() {
        storage = .allocate(capacity: capacity)
        entries.reserveCapacity(16)
    }

    deinit { storage.deallocate() }

    /// Number of fields.
    var count: Int { entries.count }

    /// Bytes of keys and values held.
    var byteCount: Int { used }

    /// Forgets every field.
    func reset() {
        used = 0
        entries.removeAll(keepingCapacity: true)
    }

    /// Adds a field; `value` is trimmed of surrounding XML whitespace.
    func append(key: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
        let value = Self.trimmed(value)
        reserve(key.count + value.count)
        let keyStart = copy(key)
        let valueStart = copy(value)
        entries.append(Entry(keyStart: keyStart, keyCount: key.count, valueStart: valueStart, valueCount: value.count))
    }

    /// Adds a field whose key is a literal.
    func append(key: StaticString, value: [UInt8]) {
        value.withUnsafeBufferPointer { value in
            append(key: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount), value: value)
        }
    }

    /// Key of field `index`.
    func key(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let entry = entries[index]
        return UnsafeBufferPointer(start: UnsafePointer(storage + entry.keyStart), count: entry.keyCount)
    }

    /// Value of field `index`.
    func value(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let entry = entries[index]
        return UnsafeBufferPointer(start: UnsafePointer(storage + entry.valueStart), count: entry.valueCount)
    }

    private func reserve(_ extra: Int) {
        guard used + extra > capacity else { return }
        var grown = capacity * 2
        while used + extra > grown { grown *= 2 }
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        larger.update(from: storage, count: used)
        storage.deallocate()
        storage = larger
        capacity = grown
    }

    private func copy(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let start = used
        if let source = bytes.baseAddress, bytes.count > 0 {
            (storage + used).update(from: source, count: bytes.count)
        }
        used += bytes.count
        return start
    }

    /// `bytes` without leading and trailing spaces, tabs, CRs and LFs.
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        while start < end && XMLScanner.isSpace(bytes[start]) { start += 1 }
        while end > start && XMLScanner.isSpace(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// `bytes` trimmed, as a new array.
    static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { Array(trimmed($0)) }
    }
}

@available(*, unavailable)
extension XMLFieldTable: Sendable {}
