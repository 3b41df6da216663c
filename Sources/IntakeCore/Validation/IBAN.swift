/// International Bank Account Number validation (ISO 13616, ISO 7064 MOD 97-10).
///
/// `validate` works on the electronic format only (uppercase letters and
/// digits, no spaces); use `electronicFormat(_:)` first for printed input.
/// Checked: characters, country, length, the BBAN layout of the country in
/// the SWIFT IBAN Registry (which positions are digits, letters or either)
/// and the check digits. National check digits inside the BBAN (the French
/// RIB key, …) are not checked.
public enum IBAN {
    /// What a BBAN position of the registry's layout accepts.
    public enum CharacterKind: Equatable, Sendable {
        /// `n`: a digit.
        case digit
        /// `a`: a capital letter.
        case letter
        /// `c`: a capital letter or a digit.
        case letterOrDigit
    }

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
        /// The character at `position` (1-based, in electronic format) is not
        /// of the kind the country's BBAN layout in the registry requires.
        case layout(position: Int, expected: CharacterKind)
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
        // One pass over the BBAN checks its layout and feeds the MOD 97-10 sum.
        let layouts = IBANRegistry.layouts
        let layout = (Int(iban[0] &- 65) * 26 + Int(iban[1] &- 65)) * IBANRegistry.layoutStride - 4
        var accumulator: UInt64 = 0
        for index in 4..<count {
            let byte = iban[index]
            let kind = ASCIIScan.isDigit(byte) ? IBANRegistry.digit : IBANRegistry.letter
            guard layouts[layout + index] & kind != 0 else {
                return .layout(position: index + 1, expected: characterKind(layouts[layout + index]))
            }
            feed(byte, into: &accumulator)
        }
        let checkDigits = ASCIIScan.digit(iban[2]) * 10 + ASCIIScan.digit(iban[3])
        guard checkDigits >= 2, checkDigits <= 98 else { return .checksum }
        for index in 0..<4 { feed(iban[index], into: &accumulator) }
        return accumulator % 97 == 1 ? nil : .checksum
    }

    /// The IBAN prefix of the bank accounts of an ISO 3166-1 alpha-2 country
    /// (two uppercase letters): the country itself when it has one, its
    /// parent's for a territory that uses it (GF → FR, JE → GB, AX → FI), else nil.
    public static func prefix(country first: UInt8, _ second: UInt8) -> (UInt8, UInt8)? {
        guard let index = ASCIIScan.pairIndex(first, second) else { return nil }
        let prefix = Int(IBANRegistry.prefixes[index])
        guard prefix >= 0 else { return nil }
        return (UInt8(65 + prefix / 26), UInt8(65 + prefix % 26))
    }

    /// `prefix(country:)` for a `String` ("GF" → "FR"), nil where there is no IBAN.
    public static func prefix(country: String) -> String? {
        var letters = country.utf8.makeIterator()
        guard let first = letters.next(), let second = letters.next(), letters.next() == nil,
              let (a, b) = prefix(country: first, second)
        else { return nil }
        return String(decoding: [a, b], as: UTF8.self)
    }

    private static func characterKind(_ mask: UInt8) -> CharacterKind {
        switch mask {
        case IBANRegistry.digit: .digit
        case IBANRegistry.letter: .letter
        default: .letterOrDigit
        }
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

    /// Adds one character to the running MOD 97-10 value, a letter as 10...35.
    ///
    /// The running value is only reduced when it gets large, so most characters
    /// cost one multiply-add; it stays below 10^17 and cannot overflow.
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
