/// Builds valid BBANs and IBAN check digits for the eight supported countries.
///
/// National check digits are right too (FR RIB key, ES DC, IT CIN, BE mod 97),
/// and for NL and GB the BBAN bank code is the BIC bank code.
enum IBANMaker {
    /// Country codes, in the order used by every per-country table.
    static let countries: [[UInt8]] = ["FR", "DE", "ES", "IT", "NL", "BE", "GB", "CH"].map { Array($0.utf8) }
    /// Registry IBAN lengths, indexed like ``countries``.
    static let ibanLengths = [27, 22, 24, 27, 18, 16, 22, 21]
    /// Country shares of the generated rows.
    static let countryWeights = WeightedIndex([22, 24, 12, 10, 10, 7, 9, 6])

    /// Four-letter BIC bank codes per country.
    static let banks: [[[UInt8]]] = [
        ["BNPA", "SOGE", "CRLY", "AGRI", "CMCI", "CCBP", "PSST"],
        ["DEUT", "COBA", "DRES", "HYVE", "GENO", "BYLA", "INGD"],
        ["BBVA", "CAIX", "BSCH", "SABB", "BKBK", "INGD"],
        ["BCIT", "UNCR", "BPMO", "BNLI", "MPSI", "CRFI"],
        ["ABNA", "INGB", "RABO", "SNSB", "TRIO", "KNAB", "BUNQ"],
        ["GEBA", "BBRU", "KRED", "GKCC", "AXAB", "NICA"],
        ["BARC", "NWBK", "LOYD", "HBUK", "MIDL", "RBOS", "SRLG"],
        ["UBSW", "CRES", "ZKBK", "RAIF", "POFI", "BCGE"],
    ].map { $0.map { Array($0.utf8) } }

    /// Belgian 3-digit bank code ranges, indexed like `banks[5]`.
    private static let belgianCodes: [(low: UInt64, high: UInt64)] = [
        (0, 49), (300, 399), (400, 499), (50, 99), (750, 765), (103, 108),
    ]

    private static let italianOdd: [Int] = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12,
        14, 16, 10, 22, 25, 24, 23,
    ]

    private static let country = (fr: 0, de: 1, es: 2, it: 3, nl: 4, be: 5, gb: 6, ch: 7)

    /// Appends a random valid BBAN for `countryIndex` and bank `bankIndex` to `out`.
    static func appendBBAN(to out: inout [UInt8], countryIndex: Int, bankIndex: Int, rng: inout SplitMix64) {
        func number(_ bound: UInt64) -> UInt64 { UInt64(rng.below(Int(bound))) }
        switch countryIndex {
        case country.de:
            out.appendPadded(number(100_000_000), width: 8)
            out.appendPadded(number(10_000_000_000), width: 10)
        case country.fr:
            let bank = number(100_000), branch = number(100_000), account = number(100_000_000_000)
            out.appendPadded(bank, width: 5)
            out.appendPadded(branch, width: 5)
            out.appendPadded(account, width: 11)
            out.appendPadded(97 - (89 * bank + 15 * branch + 3 * account) % 97, width: 2)
        case country.es:
            var digits: [UInt8] = []
            digits.appendPadded(number(10_000), width: 4)
            digits.appendPadded(number(10_000), width: 4)
            var account: [UInt8] = []
            account.appendPadded(number(10_000_000_000), width: 10)
            out.append(contentsOf: digits)
            out.append(spanishDigit([48, 48] + digits) &+ 48)
            out.append(spanishDigit(account) &+ 48)
            out.append(contentsOf: account)
        case country.it:
            var body: [UInt8] = []
            body.appendPadded(number(100_000), width: 5)
            body.appendPadded(number(100_000), width: 5)
            let accountStart = body.count
            body.appendPadded(number(1_000_000_000_000), width: 12)
            if rng.below(8) == 0 {  // some Italian accounts carry letters
                body[accountStart] = UInt8(ascii: "C")
                body[accountStart + 1] = UInt8(ascii: "C")
            }
            out.append(italianCIN(body))
            out.append(contentsOf: body)
        case country.nl:
            out.append(contentsOf: banks[countryIndex][bankIndex])
            out.appendPadded(number(10_000_000_000), width: 10)
        case country.be:
            let range = belgianCodes[bankIndex]
            let n = (range.low + number(range.high - range.low + 1)) * 10_000_000 + number(10_000_000)
            out.appendPadded(n, width: 10)
            let key = n % 97
            out.appendPadded(key == 0 ? 97 : key, width: 2)
        case country.gb:
            out.append(contentsOf: banks[countryIndex][bankIndex])
            out.appendPadded(number(1_000_000), width: 6)
            out.appendPadded(number(100_000_000), width: 8)
        default:  // CH
            out.appendPadded(number(100_000), width: 5)
            out.appendPadded(number(1_000_000_000_000), width: 12)
        }
    }

    /// ISO 7064 mod 97-10 check digits (2...98) for `bban` in `countryCode`.
    static func checkDigits(countryCode: [UInt8], bban: ArraySlice<UInt8>) -> Int {
        var remainder = 0
        @inline(__always) func feed(_ byte: UInt8) {
            if byte >= 65 {  // A-Z -> 10...35
                remainder = (remainder * 100 + Int(byte) - 55) % 97
            } else {
                remainder = (remainder * 10 + Int(byte) - 48) % 97
            }
        }
        for byte in bban { feed(byte) }
        for byte in countryCode { feed(byte) }
        remainder = remainder * 100 % 97
        return 98 - remainder
    }

    /// Spanish "dígito de control" over 10 digits (ASCII).
    private static func spanishDigit(_ digits: [UInt8]) -> UInt8 {
        let weights = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
        var sum = 0
        for (i, byte) in digits.enumerated() { sum += Int(byte - 48) * weights[i] }
        let r = 11 - sum % 11
        return r == 11 ? 0 : (r == 10 ? 1 : UInt8(r))
    }

    /// Italian CIN letter over ABI + CAB + account (ASCII digits or uppercase letters).
    private static func italianCIN(_ body: [UInt8]) -> UInt8 {
        var total = 0
        for (i, byte) in body.enumerated() {
            let v = byte <= 57 ? Int(byte) - 48 : Int(byte) - 65
            total += i % 2 == 0 ? italianOdd[v] : v
        }
        return UInt8(65 + total % 26)
    }
}
