/// Bank codes and account numbers as people print them (`062-000`,
/// `12 34 56`, `0260.0959.3`): spaces, tabs, no-break spaces, `-` and `.`
/// removed, ASCII letters upper-cased (an IFSC in lower case). Any other
/// character is kept, for the rule to refuse.
///
/// Kept apart from ``ValidationScratch/electronicForm(of:dots:)`` (IBANs, BICs,
/// French ids), which another change teaches `-` too; the two may become one.
enum BankCodeCompaction {
    /// The compact form of `value`.
    static func compact(_ value: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(value.count)
        var pending: [UInt8] = []  // the lead bytes of a possible (narrow) no-break space
        for byte in value {
            if !pending.isEmpty {
                pending.append(byte)
                if pending == [0xC2, 0xA0] || pending == [0xE2, 0x80, 0xAF] {
                    pending.removeAll()
                } else if !(pending == [0xE2, 0x80]) {
                    out.append(contentsOf: pending)
                    pending.removeAll()
                }
                continue
            }
            switch byte {
            case 0x20, 0x09, 0x2D, 0x2E: continue
            case 0xC2, 0xE2: pending.append(byte)
            case 0x61...0x7A: out.append(byte - 0x20)
            default: out.append(byte)
            }
        }
        return out + pending
    }
}
