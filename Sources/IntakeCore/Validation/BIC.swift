/// Business Identifier Code (SWIFT/BIC, ISO 9362) validation.
///
/// Layout: 4 letters (institution), 2 letters (ISO 3166-1 alpha-2 country,
/// XK accepted), 2 letters or digits (location), optionally 3 letters or
/// digits (branch). 8 or 11 characters, uppercase only.
///
/// ISO 9362:2014 allows digits in the institution part ("business party
/// prefix"), but SWIFT does not issue such codes; like the rest of the project
/// this validator requires letters there.
public enum BIC {
    /// Why a BIC was rejected, in the order the checks are made.
    public enum Problem: Equatable, Sendable {
        /// Not 8 or 11 characters long.
        case length
        /// A character is not allowed at its position (lowercase, digit in the
        /// institution or country part, punctuation, non-ASCII...).
        case format
        /// Letters 5-6 are not an assigned ISO 3166-1 alpha-2 code (or XK).
        case unknownCountry
    }

    /// Validates a BIC8 or BIC11. Returns nil when valid. Allocation-free.
    public static func validate(_ bic: Bytes) -> Problem? {
        let count = bic.count
        guard count == 8 || count == 11 else { return .length }
        for index in 0..<count {
            let byte = bic[index]
            let allowed = index < 6 ? ASCIIScan.isUpper(byte) : ASCIIScan.isUpperAlnum(byte)
            guard allowed else { return .format }
        }
        return CountryTable.isAssigned(bic[4], bic[5]) ? nil : .unknownCountry
    }

    /// The country letters of a BIC (characters 5-6), or nil when the text is
    /// shorter than 6 bytes or those two bytes are not uppercase ASCII letters.
    ///
    /// The code is not checked against ISO 3166; use `validate` for that.
    public static func country(_ bic: Bytes) -> (UInt8, UInt8)? {
        guard bic.count >= 6, ASCIIScan.isUpper(bic[4]), ASCIIScan.isUpper(bic[5]) else {
            return nil
        }
        return (bic[4], bic[5])
    }
}
