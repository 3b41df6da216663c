/// ABA routing transit numbers (American Bankers Association; the Federal
/// Reserve's E-Payments Routing Directory): 9 digits, the 3-7-1 weighted sum
/// a multiple of 10, and the first two digits a range the Federal Reserve
/// assigns (00 US government, 01–12 Federal Reserve districts, 21–32 thrift
/// institutions, 61–72 electronic transactions, 80 traveller's cheques).
public enum ABARoutingNumber {
    /// Why a routing number is not one.
    public enum Problem: Equatable, Sendable {
        /// Not 9 digits.
        case format
        /// The first two digits are not an assigned range.
        case prefix
        /// The 3-7-1 checksum fails.
        case checksum
    }

    /// The problem of a compact routing number, nil when it is valid.
    public static func validate(_ digits: some Collection<UInt8>) -> Problem? {
        let bytes = Array(digits)
        guard bytes.count == 9, bytes.allSatisfy(ASCIIScan.isDigit) else { return .format }
        let values = bytes.map(ASCIIScan.digit)
        guard prefixIsAssigned(values[0] * 10 + values[1]) else { return .prefix }
        let weights = [3, 7, 1, 3, 7, 1, 3, 7, 1]
        let sum = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return sum % 10 == 0 ? nil : .checksum
    }

    /// Whether the first two digits are a range the Federal Reserve assigns.
    public static func prefixIsAssigned(_ prefix: Int) -> Bool {
        (0...12).contains(prefix) || (21...32).contains(prefix) || (61...72).contains(prefix) || prefix == 80
    }
}
