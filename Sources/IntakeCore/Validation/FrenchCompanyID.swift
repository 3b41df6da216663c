/// French company identifiers issued by INSEE (SIREN, SIRET) and the
/// intra-community VAT number derived from the SIREN, checked as
/// python-stdnum's `fr.siren`, `fr.siret` and `fr.tva` check them.
///
/// Every function here takes the electronic form (no spaces or dots, upper
/// case); the validator compacts printed forms before calling them.
public enum FrenchCompanyID {
    /// Why an identifier was rejected.
    public enum Problem: Equatable, Sendable {
        /// Wrong length, or a character that is not allowed at its position.
        case format
        /// Well formed, but the check digit or VAT key is wrong.
        case checksum
    }

    /// The SIREN of La Poste, whose establishments (SIRETs) use a different check.
    private static let laPosteSIREN: StaticString = "356000000"
    /// La Poste's head office, the one La Poste SIRET checked by Luhn.
    private static let laPosteHeadOffice: StaticString = "35600000000048"
    /// The characters of a VAT key, in the order of their values: no I, no O.
    private static let keyAlphabet: StaticString = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"

    /// SIREN: exactly 9 ASCII digits passing the Luhn check. Allocation-free.
    public static func validateSIREN(_ s: Bytes) -> Problem? {
        guard s.count == 9, let sum = Luhn.checkSum(s) else { return .format }
        return sum % 10 == 0 ? nil : .checksum
    }

    /// SIRET: exactly 14 ASCII digits, the first nine a valid SIREN, and the
    /// Luhn check over all 14. Allocation-free.
    ///
    /// La Poste exception (INSEE): the establishments of La Poste (SIRETs
    /// starting with its SIREN 356000000) do not follow Luhn; they are valid
    /// when the sum of their 14 digits is a multiple of 5. The head office,
    /// 356 000 000 00048, is checked by Luhn.
    public static func validateSIRET(_ s: Bytes) -> Problem? {
        guard s.count == 14, let sum = Luhn.checkSum(s) else { return .format }
        if starts(s, with: laPosteSIREN) && !starts(s, with: laPosteHeadOffice) {
            guard digitSum(s) % 5 == 0 else { return .checksum }
        } else {
            guard sum % 10 == 0 else { return .checksum }
        }
        return validateSIREN(Bytes(rebasing: s[0..<9]))
    }

    /// A SIREN (9 digits) or a SIRET (14 digits), chosen by length.
    public static func validateSIRENOrSIRET(_ s: Bytes) -> Problem? {
        s.count == 14 ? validateSIRET(s) : validateSIREN(s)
    }

    /// French VAT number "FR" + 2-character key + SIREN, e.g. "FR40303265045"
    /// or, with a new-style key, "FRK7399859412". Allocation-free.
    ///
    /// Exactly 13 characters, upper case, no spaces. A numeric key must equal
    /// (12 + 3 × (SIREN mod 97)) mod 97; a key with a letter (alphabet 0-9
    /// A-Z without I and O, value = position) is checked as stdnum does:
    /// with c = v₁ × 24 + v₂ − 10 when the key starts with a digit, else
    /// c = v₁ × 34 + v₂ − 100, (SIREN + 1 + c div 11) mod 11 must equal
    /// c mod 11. The SIREN must pass Luhn, except for the numbers of Monaco
    /// companies, whose 9 digits start with 000. Wrong characters or length
    /// are `.format`, a wrong key or SIREN `.checksum`.
    public static func validateVAT(_ s: Bytes) -> Problem? {
        guard s.count == 13, s[0] == UInt8(ascii: "F"), s[1] == UInt8(ascii: "R"),
              let first = keyValue(s[2]), let second = keyValue(s[3])
        else { return .format }
        let siren = Bytes(rebasing: s[4..<13])
        var number = 0
        for byte in siren {
            guard ASCIIScan.isDigit(byte) else { return .format }
            number = number * 10 + ASCIIScan.digit(byte)
        }
        if !(siren[0] == 0x30 && siren[1] == 0x30 && siren[2] == 0x30), validateSIREN(siren) != nil {
            return .checksum
        }
        if first < 10 && second < 10 {
            return first * 10 + second == (number * 100 + 12) % 97 ? nil : .checksum
        }
        let check = first < 10 ? first * 24 + second - 10 : first * 34 + second - 100
        return (number + 1 + check / 11) % 11 == check % 11 ? nil : .checksum
    }

    /// `validateVAT` for a `String`.
    public static func validateVAT(_ s: String) -> Problem? {
        ASCIIScan.withUTF8(s) { validateVAT($0) }
    }

    /// The value of a VAT key character, or nil when it is not one.
    private static func keyValue(_ byte: UInt8) -> Int? {
        keyAlphabet.withUTF8Buffer { alphabet in alphabet.firstIndex(of: byte) }
    }

    private static func starts(_ s: Bytes, with prefix: StaticString) -> Bool {
        prefix.withUTF8Buffer { prefix in
            guard s.count >= prefix.count else { return false }
            for index in 0..<prefix.count where s[index] != prefix[index] { return false }
            return true
        }
    }

    private static func digitSum(_ s: Bytes) -> Int {
        var sum = 0
        for byte in s { sum += ASCIIScan.digit(byte) }
        return sum
    }
}
