import IntakeKit
import Testing
import IntakeTestSupport

/// Dates and amounts as workspaces write them, stored in one canonical form.
@Suite struct ValueFormatsTests {
    static func date(_ text: String, _ format: DateFormat) -> String? {
        Array(text.utf8).withUnsafeBufferPointer { CalendarDate.parse($0, format: format)?.iso }
    }

    static func amount(_ text: String, comma: Bool, _ thousands: ThousandsSeparator, scale: Int = 2) -> Int64? {
        Array(text.utf8).withUnsafeBufferPointer {
            try? DecimalAmount.parse($0, scale: scale, decimalComma: comma, thousands: thousands).get().minorUnits
        }
    }

    @Test func everyDateFormatGivesTheISODate() {
        let cases: [(String, DateFormat, String?)] = [
            ("31/12/2026", .dayMonthYearSlash, "2026-12-31"),
            ("31.12.2026", .dayMonthYearDot, "2026-12-31"),
            ("31-12-2026", .dayMonthYearDash, "2026-12-31"),
            ("12/31/2026", .monthDayYearSlash, "2026-12-31"),
            ("20261231", .compact, "2026-12-31"),
            ("2026-12-31", .dayMonthYearSlash, "2026-12-31"),
            ("2026-12-31", .compact, "2026-12-31"),
            ("29/02/2024", .dayMonthYearSlash, "2024-02-29"),
            ("29/02/2026", .dayMonthYearSlash, nil),
            ("31/12/2026", .monthDayYearSlash, nil),
            ("12/31/2026", .dayMonthYearSlash, nil),
            ("31.12.2026", .dayMonthYearSlash, nil),
            ("1/12/2026", .dayMonthYearSlash, "2026-12-01"),
            ("2026123", .compact, nil),
            ("20261331", .compact, nil),
            ("31/12/26", .dayMonthYearSlash, nil),
        ]
        for (text, format, iso) in cases {
            #expect(Self.date(text, format) == iso, "\(text) as \(format.rawValue)")
        }
    }

    /// Excel en-US writes `3/5/2026`; pandas and JSON APIs write an ISO
    /// date-time at midnight. Both are read as the date, in every format.
    @Test func datesAsPeopleWriteThem() {
        let cases: [(String, DateFormat, String?)] = [
            ("3/5/2026", .monthDayYearSlash, "2026-03-05"),
            ("03/5/2026", .monthDayYearSlash, "2026-03-05"),
            ("12/1/2026", .monthDayYearSlash, "2026-12-01"),
            ("3/5/2026", .dayMonthYearSlash, "2026-05-03"),
            ("3.5.2026", .dayMonthYearDot, "2026-05-03"),
            ("3-5-2026", .dayMonthYearDash, "2026-05-03"),
            ("2026-3-5", .iso, "2026-03-05"),
            ("2026-3-5", .dayMonthYearDash, "2026-03-05"),
            ("13/5/2026", .monthDayYearSlash, nil),
            ("3/5/26", .monthDayYearSlash, nil),
            ("3/5/02026", .monthDayYearSlash, nil),
            ("3/5-2026", .monthDayYearSlash, nil),
            ("003/5/2026", .monthDayYearSlash, nil),
            ("3.5.2026", .dayMonthYearSlash, nil),
            ("2026-03-04T00:00:00", .iso, "2026-03-04"),
            ("2026-03-04T00:00:00.000", .monthDayYearSlash, "2026-03-04"),
            ("2026-03-04T00:00:00.000Z", .dayMonthYearDot, "2026-03-04"),
            ("2026-03-04T00:00:00Z", .compact, "2026-03-04"),
            ("2026-03-04T00:00", .dayMonthYearSlash, "2026-03-04"),
            ("2026-03-04 00:00:00", .iso, "2026-03-04"),
            ("2026-03-04T00:00:00+01:00", .iso, "2026-03-04"),
            ("2026-03-04T00:00:00.001", .iso, nil),
            ("2026-03-04T14:30:00", .iso, nil),
            ("2026-03-04T", .iso, nil),
            ("2026-03-04T00", .iso, nil),
            ("2026-03-04T00:00:00.", .iso, nil),
            ("2026-03-04T00:00:00X", .iso, nil),
            ("2026-03-04T24:00:00", .iso, nil),
            ("3/5/2026T00:00:00", .monthDayYearSlash, nil),
            ("20260304T00:00:00", .compact, nil),
        ]
        for (text, format, iso) in cases {
            #expect(Self.date(text, format) == iso, "\(text) as \(format.rawValue)")
        }
        let afternoon = Array("2026-03-04T14:30:00.000Z".utf8).withUnsafeBufferPointer { CalendarDate.read($0, format: .iso) }
        #expect(afternoon == .timeOfDay("14:30:00.000Z"))
        let noSuchDay = Array("2/30/2026".utf8).withUnsafeBufferPointer { CalendarDate.read($0, format: .monthDayYearSlash) }
        #expect(noSuchDay == .noSuchDay)
    }

    @Test func thousandsSeparatorsGroupByThree() {
        #expect(Self.amount("12 500,00", comma: true, .space) == 1_250_000)
        #expect(Self.amount("12\u{00A0}500,00", comma: true, .space) == 1_250_000, "no-break space")
        #expect(Self.amount("1\u{202F}234\u{202F}567,8", comma: true, .space) == 123_456_780, "narrow no-break space")
        #expect(Self.amount("12.500,00", comma: true, .dot) == 1_250_000)
        #expect(Self.amount("12,500.00", comma: false, .comma) == 1_250_000)
        #expect(Self.amount("12'500.00", comma: false, .apostrophe) == 1_250_000)
        #expect(Self.amount("12500,00", comma: true, .space) == 1_250_000, "no separator at all")
        #expect(Self.amount("999", comma: true, .space, scale: 0) == 999)
        for bad in ["12 50,00", "1 2500,00", " 12 500,00", "12  500,00", "12 500 ,00", "12 500,0 0", "12,500.00"] {
            #expect(Self.amount(bad, comma: true, .space) == nil, "\(bad)")
        }
    }

    @Test func theValidatorStoresCanonicalValues() {
        let schema = ImportType.payments.schema
        let validator = SchemaValidator(
            schema: schema, decimalComma: true, dateFormat: .dayMonthYearSlash, thousands: .space,
            today: CalendarDate(year: 2026, month: 6, day: 1))
        let record = TestRecord(schema, [
            "payment_id": "FR-1", "amount": "12 500,00", "currency": "EUR", "due_date": "31/12/2026",
            "beneficiary_name": "Société Générale", "beneficiary_iban": "FR1420041010050500013M02606",
            "beneficiary_bic": "SOGEFRPP", "beneficiary_country": "FR",
        ])
        var values = RecordValues(count: schema.fields.count)
        var issues: [IntakeKit.Issue] = []
        validator.validate(record, into: &values, issues: &issues)
        #expect(issues.isEmpty, "\(issues)")
        var stored: [String: String] = [:]
        for (index, field) in schema.fields.enumerated() {
            switch values[index] {
            case .null: break
            case .text(let bytes): stored[field.name] = String(decoding: bytes, as: UTF8.self)
            case .integer(let value): stored[field.name] = String(value)
            }
        }
        #expect(stored["amount"] == "1250000")
        #expect(stored["due_date"] == "2026-12-31")
        // The default reads only ISO dates and plain amounts.
        let plain = Checked(.payments, ["payment_id": "X", "amount": "12 500,00", "currency": "EUR", "due_date": "31/12/2026",
                                        "beneficiary_name": "A", "beneficiary_iban": "FR1420041010050500013M02606",
                                        "beneficiary_bic": "SOGEFRPP", "beneficiary_country": "FR"])
        #expect(Set(plain.codes) == ["amount_format", "date_invalid"])
    }
}
