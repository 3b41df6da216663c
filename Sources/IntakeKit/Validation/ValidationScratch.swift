/// Room for the values a validator rewrites (a country's alpha-2 code for its
/// alpha-3 one, a DD/MM/YYYY date as ISO 8601, a default copied from another
/// field): fixed memory, reused for every row, valid until the next row.
final class ValidationScratch {
    private let storage: UnsafeMutableBufferPointer<UInt8>
    private var used = 0

    init(capacity: Int = 256) {
        storage = .allocate(capacity: capacity)
        storage.initialize(repeating: 0)
    }

    deinit { storage.deallocate() }

    /// Forgets the previous row's values.
    func reset() { used = 0 }

    /// Stores `bytes` and returns them, or nil when the room is used up.
    func store(_ bytes: some Collection<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        guard used + bytes.count <= storage.count, let base = storage.baseAddress else { return nil }
        let start = used
        for byte in bytes {
            storage[used] = byte
            used += 1
        }
        return UnsafeBufferPointer(start: base + start, count: bytes.count)
    }
}
