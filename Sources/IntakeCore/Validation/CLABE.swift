/// Mexican CLABE (Clave Bancaria Estandarizada, Banxico): 18 digits — bank
/// (3), branch plaza (3), account (11) — and a check digit: the weights
/// 3, 7, 1 repeated over the first 17 digits, each product taken mod 10, the
/// check digit `(10 - sum mod 10) mod 10`. The bank code is not looked up.
public enum CLABE {
    /// Why a CLABE is not one.
    public enum Problem: Equatable, Sendable {
        /// Not 18 digits.
        case format
        /// The 18th digit is not the check digit.
        case checksum
    }

    /// The problem of a compact CLABE, nil when it is valid.
    public static func validate(_ digits: some Collection<UInt8>) -> Problem? {
        let bytes = Array(digits)
        guard bytes.count == 18, bytes.allSatisfy(ASCIIScan.isDigit) else { return .format }
        let values = bytes.map(ASCIIScan.digit)
        return checkDigit(values[0..<17]) == values[17] ? nil : .checksum
    }

    /// The check digit of the first 17 digits (as numbers 0–9).
    public static func checkDigit(_ digits: some Collection<Int>) -> Int {
        let weights = [3, 7, 1]
        var sum = 0
        for (index, digit) in digits.enumerated() { sum += (digit * weights[index % 3]) % 10 }
        return (10 - sum % 10) % 10
    }
}
