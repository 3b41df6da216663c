
/// Makes job ids: the claim time, compact, then random hex, e.g.
/// `20261123T105302123-4f9a1c2b`. Ids sort by time and never contain `__`.
public enum JobID {
    /// A new id for a job claimed at `time`.
    public static func make(at time: Timestamp) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = UInt32.random(in: 0...UInt32.max, using: &generator)
        let hex = String(random, radix: 16)
        return time.compact + "-" + String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// True for a string that has the shape of an id this type makes.
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 27, bytes[8] == UInt8(ascii: "T"), bytes[18] == UInt8(ascii: "-") else { return false }
        for (i, b) in bytes.enumerated() where i != 8 && i != 18 {
            let isDigit = b >= 48 && b <= 57
            let isHex = isDigit || (b >= 97 && b <= 102)
            if i < 18 ? !isDigit : !isHex { return false }
        }
        return true
    }
}

extension JobID {
    /// The claim time of a job id as RFC 3339 text (`20261123T105302123-…` ->
    /// `2026-11-23T10:53:02.123Z`), or "" when it is not an id.
    public static func timeText(_ id: String) -> String {
        guard isValid(id) else { return "" }
        let c = Array(id)
        let s = { (from: Int, to: Int) in String(c[from..<to]) }
        return "\(s(0, 4))-\(s(4, 6))-\(s(6, 8))T\(s(9, 11)):\(s(11, 13)):\(s(13, 15)).\(s(15, 18))Z"
    }
}
