/// International Bank Account Number validation (ISO 13616, ISO 7064 MOD 97-10).
///
/// `validate` works on the electronic format only (uppercase letters and
/// digits, no spaces); use `electronicFormat(_:)` first for printed input.
/// The BBAN structure inside the IBAN (which positions are letters or digits
/// for a given country) is not checked: only characters, country, length and
/// the check digits are.
public enum IBAN {
    /// Why an IBAN was rejected, in the order the checks are made.
    public enum Problem: Equatable, Sendable {
        /// A byte is not `A`-`Z`/`0`-`9`, the first two characters are not
        /// letters, the check digits (3rd and 4th) are not digits, or the text
        /// is too short to hold a country code.
        case characters
        /// The first two letters are not a prefix of the SWIFT IBAN Registry.
        case unknownCountry
        /// The length differs from the registry length for that country.
        case length(expected: Int)
        /// The check digits are outside 02...98 or the MOD 97-10 test fails.
        case checksum
    }

    /// Validates an IBAN in electronic format: uppercase letters and digits, no spaces.
    ///
    /// Returns nil for a valid IBAN, else the first problem found. Allocation-free.
    public static func validate(_ iban: Bytes) -> Problem? {
        let count = iban.count
        guard count >= 2, ASCIIScan.isUpper(iban[0]), ASCIIScan.isUpper(iban[1]) else {
            return .characters
        }
        for index in 2..<count {
            let byte = iban[index]
            if index < 4 {
                guard ASCIIScan.isDigit(byte) else { return .characters }
            } else {
                guard ASCIIScan.isUpperAlnum(byte) else { return .characters }
            }
        }
        guard let expected = IBANRegistry.length(iban[0], iban[1]) else { return .unknownCountry }
        guard count == expected else { return .length(expected: expected) }
        let checkDigits = ASCIIScan.digit(iban[2]) * 10 + ASCIIScan.digit(iban[3])
        guard checkDigits >= 2, checkDigits <= 98 else { return .checksum }
        return remainder97(iban) == 1 ? nil : .checksum
    }

    /// Registry length for an ISO 3166 alpha-2 country that uses IBAN, else nil.
    ///
    /// The code must be two uppercase ASCII letters ("FR", not "fr").
    public static func length(country: String) -> Int? {
        guard let index = ASCIIScan.pairIndex(country) else { return nil }
        let length = IBANRegistry.lengths[index]
        return length == 0 ? nil : Int(length)
    }

    /// Strips spaces, uppercases (for printed-format input "fr76 3000 6000 ...").
    ///
    /// Every Unicode white space is removed (including the no-break spaces
    /// that PDF and spreadsheet exports put in printed IBANs); only ASCII
    /// letters are uppercased, so any other character survives unchanged and
    /// is then reported by `validate` as `.characters`.
    public static func electronicFormat(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !scalar.properties.isWhitespace {
            if scalar.value >= 97, scalar.value <= 122 {
                scalars.append(Unicode.Scalar(UInt8(scalar.value - 32)))
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// ISO 7064 MOD 97-10 remainder of the IBAN moved to "BBAN + country + check digits",
    /// letters expanded to 10...35. Requires bytes already checked to be `A`-`Z`/`0`-`9`.
    ///
    /// The running value is only reduced when it gets large, so most characters
    /// cost one multiply-add; it stays below 10^17 and cannot overflow.
    @inline(__always)
    static func remainder97(_ iban: Bytes) -> UInt64 {
        var accumulator: UInt64 = 0
        for index in 4..<iban.count { feed(iban[index], into: &accumulator) }
        for index in 0..<4 { feed(iban[index], into: &accumulator) }
        return accumulator % 97
    }

    @inline(__always)
    private static func feed(_ byte: UInt8, into accumulator: inout UInt64) {
        let digit = byte &- 48
        if digit < 10 {
            accumulator = accumulator &* 10 &+ UInt64(digit)
        } else {
            accumulator = accumulator &* 100 &+ UInt64(byte &- 55)
        }
        if accumulator >= 1_000_000_000_000_000 { accumulator %= 97 }
    }
}
