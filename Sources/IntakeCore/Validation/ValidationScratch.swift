/// Room for the values a validator rewrites (a country's alpha-2 code for its
/// alpha-3 one, a DD/MM/YYYY date as ISO 8601, a printed IBAN in electronic
/// form, a default copied from another field): fixed memory, reused for every
/// row, valid until the next row.
package final class ValidationScratch {
    private let storage: UnsafeMutableBufferPointer<UInt8>
    private var used = 0

    package init(capacity: Int = 1024) {
        storage = .allocate(capacity: capacity)
        storage.initialize(repeating: 0)
    }

    deinit { storage.deallocate() }

    /// Forgets the previous row's values.
    package func reset() { used = 0 }

    /// Stores `bytes` and returns them, or nil when the room is used up.
    package func store(_ bytes: some Collection<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        guard used + bytes.count <= storage.count, let base = storage.baseAddress else { return nil }
        let start = used
        for byte in bytes {
            storage[used] = byte
            used += 1
        }
        return UnsafeBufferPointer(start: base + start, count: bytes.count)
    }

    /// The electronic form of an identifier as people print it, stored: spaces,
    /// tabs, no-break spaces (U+00A0) and narrow no-break spaces (U+202F)
    /// removed, and dots too when `dots`, and `-` or `.` between two groups
    /// when `groups` (``PrintedGroups/isSeparator(_:at:)``); ASCII letters upper-cased. Nil when
    /// `value` is already in that form (nothing to rewrite) or the room is used
    /// up. Any other character is kept, for the identifier's check to refuse.
    package func electronicForm(of value: Bytes, dots: Bool, groups: Bool = false) -> Bytes? {
        guard used + value.count <= storage.count, let base = storage.baseAddress else { return nil }
        let start = used
        var out = used
        var changed = false
        var index = 0
        let count = value.count
        while index < count {
            let byte = value[index]
            var skip = 0
            if byte == 0x20 || byte == 0x09 || (dots && byte == 0x2E)
                || (groups && PrintedGroups.isSeparator(value, at: index)) {
                skip = 1
            } else if byte == 0xC2, index + 1 < count, value[index + 1] == 0xA0 {
                skip = 2
            } else if byte == 0xE2, index + 2 < count, value[index + 1] == 0x80, value[index + 2] == 0xAF {
                skip = 3
            }
            if skip > 0 {
                changed = true
                index += skip
                continue
            }
            if byte &- 0x61 < 26 {
                storage[out] = byte - 0x20
                changed = true
            } else {
                storage[out] = byte
            }
            out += 1
            index += 1
        }
        guard changed else { return nil }
        used = out
        return Bytes(start: base + start, count: out - start)
    }
}
