import IntakeKit
import Testing
import IntakeTestSupport

@Suite struct CalendarDateTests {
    private func iso(_ text: String) -> CalendarDate? { withBytes(text) { CalendarDate.parseISO($0) } }
    private func dmy(_ text: String) -> CalendarDate? {
        withBytes(text) { CalendarDate.parseDayMonthYear($0) }
    }

    @Test func parsesAnISODate() {
        let date = iso("2026-02-28")
        #expect(date?.year == 2026 && date?.month == 2 && date?.day == 28)
        #expect(date?.iso == "2026-02-28")
    }

    @Test func leapDaysFollowTheGregorianRules() {
        #expect(iso("2024-02-29") != nil)  // divisible by 4
        #expect(iso("2026-02-29") == nil)  // not divisible by 4
        #expect(iso("1900-02-29") == nil)  // century not divisible by 400
        #expect(iso("2000-02-29") != nil)  // divisible by 400
        #expect(iso("2100-02-29") == nil)
        #expect(iso("2024-02-30") == nil)
    }

    @Test func monthLengthsAreChecked() {
        #expect(iso("2026-04-31") == nil)
        #expect(iso("2026-06-31") == nil)
        #expect(iso("2026-09-31") == nil)
        #expect(iso("2026-11-31") == nil)
        #expect(iso("2026-04-30") != nil)
        for month in [1, 3, 5, 7, 8, 10, 12] {
            let text = "2026-" + (month < 10 ? "0" : "") + String(month) + "-31"
            #expect(iso(text) != nil, "\(text)")
        }
        #expect(iso("2026-01-32") == nil)
        #expect(iso("2026-01-00") == nil)
    }

    @Test func monthOutsideOneToTwelveIsRejected() {
        #expect(iso("2026-13-01") == nil)
        #expect(iso("2026-00-10") == nil)
    }

    @Test func nonCanonicalShapesAreRejected() {
        let inputs = [
            "2026-1-01", "2026-01-1", "26-01-01", "2026/01/01", "20260101", "2026-01-01T00:00:00",
            "2026-01-01Z", "2026-01-01 ", " 2026-01-01", "2026-01-0a", "+2026-01-1", "2026-0-101",
            "", "2026-01-01\n", "٢٠٢٦-01-01",
        ]
        for input in inputs {
            #expect(iso(input) == nil, "\(input)")
        }
    }

    @Test func yearsOutside1900To2999AreRejected() {
        #expect(iso("1899-12-31") == nil)
        #expect(iso("1900-01-01") != nil)
        #expect(iso("2999-12-31") != nil)
        #expect(iso("3000-01-01") == nil)
        #expect(iso("0026-02-28") == nil)
    }

    @Test func parsesDayMonthYear() {
        let date = dmy("28/02/2026")
        #expect(date == iso("2026-02-28"))
        #expect(dmy("29/02/2024") != nil)
        #expect(dmy("29/02/2026") == nil)
        #expect(dmy("31/04/2026") == nil)
        #expect(dmy("01/13/2026") == nil)  // not month/day/year
        for input in ["1/02/2026", "01/2/2026", "01-02-2026", "01/02/26", "01/02/2026 ", "2026-02-01"] {
            #expect(dmy(input) == nil, "\(input)")
        }
    }

    @Test func initializerValidatesLikeTheParsers() {
        #expect(CalendarDate(year: 2024, month: 2, day: 29) == iso("2024-02-29"))
        #expect(CalendarDate(year: 2026, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2026, month: 0, day: 1) == nil)
        #expect(CalendarDate(year: 1899, month: 1, day: 1) == nil)
        #expect(CalendarDate(year: 2026, month: 1, day: -1) == nil)
    }

    @Test func isoTextIsZeroPadded() {
        #expect(CalendarDate(year: 1900, month: 1, day: 5)?.iso == "1900-01-05")
        #expect(CalendarDate(year: 2999, month: 12, day: 31)?.iso == "2999-12-31")
    }

    @Test func datesAreOrderedChronologically() throws {
        let a = try #require(iso("2025-12-31"))
        let b = try #require(iso("2026-01-01"))
        let c = try #require(iso("2026-02-01"))
        let d = try #require(iso("2026-02-02"))
        #expect(a < b && b < c && c < d)
        #expect(!(d < a))
        #expect([d, b, a, c].sorted() == [a, b, c, d])
        #expect(Set([a, b, iso("2025-12-31")]).count == 2)
    }
}
