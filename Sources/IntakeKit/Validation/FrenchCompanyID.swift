/// French company identifiers issued by INSEE (SIREN, SIRET) and the
/// intra-community VAT number derived from the SIREN.
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

    /// SIREN: exactly 9 ASCII digits passing the Luhn check. Allocation-free.
    public static func validateSIREN(_ s: Bytes) -> Problem? {
        guard s.count == 9, let sum = Luhn.checkSum(s) else { return .format }
        return sum % 10 == 0 ? nil : .checksum
    }

    /// SIRET: exactly 14 ASCII digits passing the Luhn check. Allocation-free.
    ///
    /// La Poste exception: the establishments of La Poste (SIRETs starting with
    /// its SIREN 356000000) do not follow Luhn; they are valid when the sum of
    /// their 14 digits is a multiple of 5. A La Poste SIRET that passes Luhn
    /// (e.g. the head office, 356 000 000 00048) is valid too.
    public static func validateSIRET(_ s: Bytes) -> Problem? {
        guard s.count == 14, let sum = Luhn.checkSum(s) else { return .format }
        if sum % 10 == 0 { return nil }
        return isLaPoste(s) && digitSum(s) % 5 == 0 ? nil : .checksum
    }

    /// French VAT number "FR" + 2-digit key + SIREN, e.g. "FR40303265045".
    ///
    /// Exactly 13 characters, uppercase, no spaces. The key must equal
    /// (12 + 3 × (SIREN mod 97)) mod 97 and the SIREN must pass Luhn, else
    /// `.checksum`. The older keys containing letters (issued to some entities
    /// without a SIREN) are reported as `.format`.
    public static func validateVAT(_ s: String) -> Problem? {
        ASCIIScan.withUTF8(s) { bytes in
            guard bytes.count == 13, bytes[0] == UInt8(ascii: "F"), bytes[1] == UInt8(ascii: "R")
            else { return .format }
            var key = 0
            for index in 2..<4 {
                guard ASCIIScan.isDigit(bytes[index]) else { return .format }
                key = key * 10 + ASCIIScan.digit(bytes[index])
            }
            let siren = Bytes(rebasing: bytes[4..<13])
            var sirenValue = 0
            for byte in siren {
                guard ASCIIScan.isDigit(byte) else { return .format }
                sirenValue = sirenValue * 10 + ASCIIScan.digit(byte)
            }
            guard key == (12 + 3 * (sirenValue % 97)) % 97 else { return .checksum }
            return validateSIREN(siren)
        }
    }

    private static func isLaPoste(_ s: Bytes) -> Bool {
        laPosteSIREN.withUTF8Buffer { prefix in
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
