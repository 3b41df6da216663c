import IntakeKit
import IntakeTestSupport

/// Runs `body` on the UTF-8 bytes of `text`, copied into a buffer of exactly
/// that size (so an out-of-bounds read would trap in debug builds).
func withBytes<R>(_ text: String, _ body: (Bytes) throws -> R) rethrows -> R {
    try Array(text.utf8).withUnsafeBufferPointer(body)
}

/// An independent MOD 97-10 reference for the tests, deliberately written
/// differently from `IBAN.validate`: it works on `String`s and follows the
/// "piece-wise" method of ISO 7064 / the EBS204 implementation guide
/// (take 9 digits, reduce mod 97, prepend the remainder to the next 7 digits,
/// repeat). Returns the remainder of the rearranged IBAN, 1 when valid.
func referenceIBANRemainder(_ iban: String) -> Int? {
    let characters = Array(iban)
    guard characters.count > 4 else { return nil }
    let rearranged = characters[4...] + characters[..<4]
    var digits = ""
    for character in rearranged {
        if let value = character.wholeNumberValue, character.isASCII {
            digits += String(value)
        } else if let ascii = character.asciiValue, ascii >= 65, ascii <= 90 {
            digits += String(Int(ascii) - 55)  // A = 10 ... Z = 35
        } else {
            return nil
        }
    }
    var remainder = ""
    var rest = Substring(digits)
    while !rest.isEmpty {
        let take = 9 - remainder.count
        let chunk = remainder + rest.prefix(take)
        rest = rest.dropFirst(take)
        guard let value = Int(chunk) else { return nil }
        remainder = String(value % 97)
    }
    return Int(remainder)
}
