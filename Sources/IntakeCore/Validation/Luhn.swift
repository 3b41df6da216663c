/// The Luhn (mod 10) check used by SIREN/SIRET, payment card numbers and others.
public enum Luhn {
    /// `true` when `digits` is non-empty, made only of ASCII digits, and passes
    /// the Luhn check (every second digit from the right doubled, digit sum of
    /// the total a multiple of 10). Allocation-free.
    public static func isValid(_ digits: Bytes) -> Bool {
        guard !digits.isEmpty, let sum = checkSum(digits) else { return false }
        return sum % 10 == 0
    }

    /// The Luhn sum of `digits`, or nil if a byte is not an ASCII digit.
    @inline(__always)
    package static func checkSum(_ digits: Bytes) -> Int? {
        var sum = 0
        var doubled = false
        var index = digits.count
        while index > 0 {
            index -= 1
            let digit = Int(digits[index] &- 48)
            guard digit < 10 else { return nil }
            if doubled {
                sum += digit > 4 ? digit * 2 - 9 : digit * 2
            } else {
                sum += digit
            }
            doubled.toggle()
        }
        return sum
    }
}
