import IntakeKit
import Testing
import IntakeTestSupport

@Suite struct CurrencyTests {
    @Test func minorUnitsOfCommonAndUnusualCurrencies() {
        let expected: [String: Int] = [
            "EUR": 2, "USD": 2, "GBP": 2, "CHF": 2, "SEK": 2, "JPY": 0, "KRW": 0, "ISK": 0,
            "CLP": 0, "VND": 0, "XOF": 0, "XAF": 0, "XPF": 0, "UGX": 0, "PYG": 0, "KWD": 3,
            "BHD": 3, "JOD": 3, "OMR": 3, "TND": 3, "LYD": 3, "IQD": 3, "CLF": 4, "UYW": 4,
            "MGA": 2, "MRU": 2, "XCG": 2, "ZWG": 2, "SLE": 2, "VED": 2, "STN": 2, "UYI": 0,
        ]
        for (code, units) in expected {
            #expect(Currency.minorUnits(code) == units, "\(code)")
            #expect(withBytes(code) { Currency.minorUnits($0) } == units, "\(code)")
        }
    }

    /// Precious metals, units of account, the test code and "no currency" have
    /// no minor units in ISO 4217 and cannot be used for payments.
    @Test func codesNotUsableForPaymentsAreNil() {
        for code in ["XAU", "XAG", "XPT", "XPD", "XDR", "XXX", "XTS", "XUA", "XSU", "XBA", "XBB", "XBC", "XBD"] {
            #expect(Currency.minorUnits(code) == nil, "\(code)")
            #expect(withBytes(code) { Currency.minorUnits($0) } == nil, "\(code)")
        }
    }

    @Test func withdrawnCodesAreNil() {
        // Replaced or withdrawn: BGN (euro 2026), HRK (euro 2023), ANG (XCG), ZWL (ZWG),
        // SLL (SLE), CUC, and long gone FRF, DEM.
        for code in ["BGN", "HRK", "ANG", "ZWL", "SLL", "CUC", "FRF", "DEM", "EEK", "LTL"] {
            #expect(Currency.minorUnits(code) == nil, "\(code)")
        }
    }

    @Test func malformedCodesAreNil() {
        for code in ["eur", "Eur", "EU", "EURO", "", "E1R", "EU ", " EUR", "€"] {
            #expect(Currency.minorUnits(code) == nil, "\(code)")
            #expect(withBytes(code) { Currency.minorUnits($0) } == nil, "\(code)")
        }
    }

    @Test func fullTableHas165UsableCodesAllWithZeroToFourMinorUnits() {
        var count = 0
        var histogram: [Int: Int] = [:]
        for a in UInt8(ascii: "A")...UInt8(ascii: "Z") {
            for b in UInt8(ascii: "A")...UInt8(ascii: "Z") {
                for c in UInt8(ascii: "A")...UInt8(ascii: "Z") {
                    let units = [a, b, c].withUnsafeBufferPointer { Currency.minorUnits($0) }
                    if let units {
                        count += 1
                        histogram[units, default: 0] += 1
                    }
                }
            }
        }
        #expect(count == 165)
        #expect(histogram == [0: 17, 2: 139, 3: 7, 4: 2])
    }

    @Test func bytesAndStringLookupsAgreeOnAFieldInsideARow() {
        let row = Array("12.50;EUR;x".utf8)
        let units = row.withUnsafeBufferPointer { Currency.minorUnits(Bytes(rebasing: $0[6..<9])) }
        #expect(units == 2)
        let wider = row.withUnsafeBufferPointer { Currency.minorUnits(Bytes(rebasing: $0[5..<9])) }
        #expect(wider == nil)
    }
}
