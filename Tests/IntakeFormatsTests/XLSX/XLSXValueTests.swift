import Testing

@testable import IntakeFormats
@testable import IntakeKit
import IntakeTestSupport

/// Numbers, dates and number formats, unit by unit.
@Suite struct XLSXValueTests {
    private func number(_ text: String) -> String? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let value = XLSXDecimal(UnsafeBufferPointer(buffer)) else { return nil }
            var out: [UInt8] = []
            value.append(to: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }

    private func date(_ text: String, _ system: XLSXDateSystem = .from1900, timeOnly: Bool = false) -> String? {
        let bytes = Array(text.utf8)
        guard let value = bytes.withUnsafeBufferPointer({ XLSXDecimal($0) }) else { return nil }
        var out: [UInt8] = []
        guard XLSXDate.append(value, system: system, timeOnly: timeOnly, to: &out) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func numbersAreRoundedTo15SignificantDigitsAsExactDecimals() {
        #expect(number("19.989999999999998") == "19.99")
        #expect(number("0.30000000000000004") == "0.3")
        #expect(number("0.99999999999999989") == "1")
        #expect(number("999999999999999.5") == "1000000000000000")
        #expect(number("123456789012345678") == "123456789012346000")
        #expect(number("1.2345678901234567E+20") == "123456789012346000000")
        #expect(number("-1.5e-3") == "-0.0015")
        #expect(number("1e-07") == "0.0000001")
        #expect(number("-0") == "0")
        #expect(number("007.500") == "7.5")
        #expect(number("+12") == "12")
        #expect(number("1E399") == "1" + String(repeating: "0", count: 399))
        for text in ["", "abc", "1.2.3", "1e", "1e+", "--1", "1,5", ".", "1E401", "12 "] {
            #expect(number(text) == nil, "\(text)")
        }
    }

    @Test func datesIn1900With60AsExcelsMissingLeapDay() {
        #expect(date("1") == "1900-01-01")
        #expect(date("59") == "1900-02-28")
        #expect(date("60") == "1900-02-29")
        #expect(date("61") == "1900-03-01")
        #expect(date("0") == "1900-01-00")
        #expect(date("46081") == "2026-02-28")
        #expect(date("46081.5") == "2026-02-28T12:00:00")
        #expect(date("46081.99999999") == "2026-03-01")
        #expect(date("2958465") == "9999-12-31")
        #expect(date("2958466") == nil)
        #expect(date("-1") == nil)
    }

    @Test func datesIn1904AndTimes() {
        #expect(date("0", .from1904) == "1904-01-01")
        #expect(date("43889", .from1904) == "2024-02-29")
        #expect(date("0.25", timeOnly: true) == "06:00:00")
        #expect(date("1.5", timeOnly: true) == "36:00:00")
        #expect(date("5", timeOnly: true) == "120:00:00")
    }

    @Test func numberFormatsThatAreDates() {
        let custom = { (code: String) in XLSXNumberFormat.custom(Array(code.utf8)) }
        #expect(custom("yyyy-mm-dd") == .date)
        #expect(custom("[$-409]d\\-mmm\\-yyyy;@") == .date)
        #expect(custom("dd/mm/yyyy hh:mm") == .date)
        #expect(custom("mmm") == .date)
        #expect(custom("h:mm AM/PM") == .time)
        #expect(custom("[h]:mm:ss") == .time)
        #expect(custom("#,##0.00\\ \"days\"") == .number)
        #expect(custom("0.00E+00") == .number)
        #expect(custom("[Red]#,##0;[Blue]-#,##0") == .number)
        #expect(custom("General") == .number)
        #expect(custom("_-* #,##0.00 [$€-407]_-") == .number)
        #expect(XLSXNumberFormat.builtIn(14) == .date)
        #expect(XLSXNumberFormat.builtIn(21) == .time)
        #expect(XLSXNumberFormat.builtIn(4) == .number)
    }

    @Test func cellReferences() {
        #expect(XLSXCellReference.parse(Array("C17".utf8))?.column == 2)
        #expect(XLSXCellReference.parse(Array("AA9".utf8))?.row == 9)
        #expect(XLSXCellReference.parse(Array("XFD1048576".utf8))?.column == 16_383)
        #expect(XLSXCellReference.parse(Array("XFE1".utf8)) == nil)
        #expect(XLSXCellReference.parse(Array("A0".utf8)) == nil)
        #expect(XLSXCellReference.parse(Array("17".utf8)) == nil)
        #expect(XLSXCellReference.name(column: 27, row: 3) == "AB3")
    }
}
