import IntakeKit
import Testing
import IntakeTestSupport

@Suite struct CountryTests {
    @Test func assignedCodesAndKosovoAreAlpha2() {
        for code in ["FR", "DE", "GB", "US", "JP", "XK", "AX", "BQ", "CW", "SS", "SX", "ZW", "AD"] {
            #expect(withBytes(code) { Country.isAlpha2($0) }, "\(code)")
        }
    }

    @Test func reservedWithdrawnAndMalformedCodesAreNotAlpha2() {
        // UK, EU, EL, EZ: exceptionally reserved; AN, CS, YU, TP: withdrawn; XX, ZZ: user-assigned.
        let codes = ["UK", "EU", "EL", "EZ", "AN", "CS", "YU", "TP", "XX", "ZZ", "AA", "QZ",
                     "fr", "Fr", "F", "FRA", "", "F1", "12", "F "]
        for code in codes {
            #expect(!withBytes(code) { Country.isAlpha2($0) }, "\(code)")
        }
    }

    @Test func thereAre249AssignedCodesPlusKosovo() {
        var count = 0
        for first in UInt8(ascii: "A")...UInt8(ascii: "Z") {
            for second in UInt8(ascii: "A")...UInt8(ascii: "Z") {
                if [first, second].withUnsafeBufferPointer({ Country.isAlpha2($0) }) { count += 1 }
            }
        }
        #expect(count == 250)
    }

    @Test func alpha3MapsToAlpha2() {
        let expected = [
            "FRA": "FR", "DEU": "DE", "GBR": "GB", "USA": "US", "CHE": "CH", "NLD": "NL",
            "ESP": "ES", "ITA": "IT", "ALA": "AX", "BES": "BQ", "SSD": "SS", "XKX": "XK",
            "GUF": "GF", "REU": "RE", "ZAF": "ZA", "KOR": "KR", "PRK": "KP", "COD": "CD",
        ]
        for (alpha3, alpha2) in expected {
            #expect(Country.alpha2(fromAlpha3: alpha3) == alpha2, "\(alpha3)")
        }
    }

    @Test func unknownOrMalformedAlpha3IsNil() {
        for code in ["fra", "FR", "FRAN", "", "ZZZ", "ANT", "SCG", "EUR", "UKR "] {
            #expect(Country.alpha2(fromAlpha3: code) == nil, "\(code)")
        }
    }

    @Test func everyMappedAlpha2IsAnAssignedCode() {
        // Sample across the alphabet; the table builder uses the same entries for both.
        for alpha3 in ["ABW", "AFG", "MEX", "NZL", "TUR", "VAT", "WLF", "ZWE"] {
            let alpha2 = Country.alpha2(fromAlpha3: alpha3)
            #expect(alpha2 != nil, "\(alpha3)")
            if let alpha2 {
                #expect(withBytes(alpha2) { Country.isAlpha2($0) }, "\(alpha3)")
            }
        }
    }
}
