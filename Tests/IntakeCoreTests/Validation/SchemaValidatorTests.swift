import IntakeKit
import Testing
import IntakeTestSupport

/// A record given as field name to text (nil: present but null is not
/// expressible; absent names are absent), for the validator alone.
final class TestRecord: RowFields {
    private var buffers: [UnsafeMutableBufferPointer<UInt8>?]

    init(_ schema: RecordSchema, _ fields: [String: String]) {
        buffers = schema.fields.map { field in
            guard let text = fields[field.name] else { return nil }
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, text.utf8.count))
            _ = buffer.initialize(from: text.utf8)
            return UnsafeMutableBufferPointer(rebasing: buffer[0..<text.utf8.count])
        }
        for name in fields.keys { precondition(schema.index(of: name) != nil, "\(name) is a field of \(schema.type.name)") }
    }

    deinit { for buffer in buffers { buffer?.deallocate() } }

    func rawValue(_ field: Int) -> UnsafeBufferPointer<UInt8>? { buffers[field].map { UnsafeBufferPointer($0) } }
}

/// Runs one record of `type` through the validator.
struct Checked {
    let issues: [IntakeKit.Issue]
    let stored: [String: String]

    init(_ type: ImportType, _ fields: [String: String], today: CalendarDate? = CalendarDate(year: 2026, month: 11, day: 23)) {
        let schema = type.schema
        let record = TestRecord(schema, fields)
        let validator = SchemaValidator(schema: schema, today: today)
        var values = RecordValues(count: schema.fields.count)
        var issues: [IntakeKit.Issue] = []
        validator.validate(record, into: &values, issues: &issues)
        var stored: [String: String] = [:]
        for (index, field) in schema.fields.enumerated() {
            switch values[index] {
            case .null: break
            case .text(let bytes): stored[field.name] = String(decoding: bytes, as: UTF8.self)
            case .integer(let value): stored[field.name] = String(value)
            }
        }
        self.issues = issues
        self.stored = stored
    }

    var errors: [IntakeKit.Issue] { issues.filter { $0.severity == .error } }
    var codes: [String] { errors.map { $0.code } }
}

@Suite struct PaymentsHistoryValidationTests {
    static let paid: [String: String] = [
        "payment_id": "H-1", "amount": "120.50", "currency": "EUR", "due_date": "2026-10-01",
        "beneficiary_name": "Acme SARL", "beneficiary_iban": "FR1420041010050500013M02606",
        "beneficiary_bic": "BNPAFRPP", "beneficiary_country": "FR", "paid_at": "2026-10-02",
    ]

    @Test func aPaymentMadeInThePastIsValidAndStoredInMinorUnits() {
        let checked = Checked(.paymentsHistory, Self.paid)
        #expect(checked.issues.isEmpty)
        #expect(checked.stored["amount"] == "12050")
        #expect(checked.stored["paid_at"] == "2026-10-02")
    }

    @Test func paidAtInTheFutureOrMissingFails() {
        var future = Self.paid
        future["paid_at"] = "2026-11-24"
        #expect(Checked(.paymentsHistory, future).codes == ["date_in_future"])
        var missing = Self.paid
        missing["paid_at"] = nil
        let checked = Checked(.paymentsHistory, missing)
        #expect(checked.codes == ["required"])
        #expect(checked.errors.first?.property == "$")
        #expect(checked.errors.first?.description.contains("paid_at") == true)
    }
}

@Suite struct CompanyAccountValidationTests {
    static let company: [String: String] = [
        "supplier_id": "S-1", "company_name": "Renault", "company_country_code": "FRA",
        "company_registration": "732829320", "bank_account_country_code": "FR",
        "iban": "FR1420041010050500013M02606",
    ]

    @Test func aFrenchCompanyWithItsSIRENAndAnAlpha3CountryIsValid() {
        let checked = Checked(.companyAccountAudits, Self.company)
        #expect(checked.issues.isEmpty)
        #expect(checked.stored["company_country_code"] == "FR")
        var other = Self.company
        other["company_registration"] = "832940670"
        #expect(Checked(.companyAccountAudits, other).issues.isEmpty)
    }

    @Test func frenchIdentifiersAreCheckedOnlyForFrenchCompanies() {
        var wrong = Self.company
        wrong["company_registration"] = "732829321"
        #expect(Checked(.companyAccountAudits, wrong).codes == ["registration_invalid"])
        wrong["company_country_code"] = "DE"
        wrong["bank_account_country_code"] = "FR"
        #expect(Checked(.companyAccountAudits, wrong).issues.isEmpty, "a German register number is free text")
        var vat = Self.company
        vat["company_registration"] = nil
        vat["tax_number"] = "FR40303265045"
        #expect(Checked(.companyAccountAudits, vat).issues.isEmpty)
        vat["tax_number"] = "FR41303265045"
        #expect(Checked(.companyAccountAudits, vat).codes == ["tax_number_invalid"])
    }

    @Test func aCompanyNeedsAnIdentifierAndItsNameAndCountry() {
        var bare = Self.company
        bare["company_registration"] = nil
        #expect(Checked(.companyAccountAudits, bare).codes == ["identifier_required"])
        var nameless = Self.company
        nameless["company_name"] = nil
        let checked = Checked(.companyAccountAudits, nameless)
        #expect(checked.codes == ["required"])
        #expect(checked.errors.first?.field == "company_name")
        var duns = Self.company
        duns["company_registration"] = nil
        duns["duns"] = "15048315"
        #expect(Checked(.companyAccountAudits, duns).codes == ["duns_invalid"], "a wrong identifier is reported as such, not as a missing one")
    }

    @Test func aRecordIsACompanyOrAPersonNeverBothNorNeither() {
        var both = Self.company
        both["first_name"] = "Jeanne"
        #expect(Checked(.companyAccountAudits, both).codes == ["block_conflict"])
        let neither = ["supplier_id": "S-2", "bank_account_country_code": "FR", "iban": "FR1420041010050500013M02606"]
        #expect(Checked(.companyAccountAudits, neither).codes == ["block_missing"])
        let person = [
            "supplier_id": "S-3", "first_name": "Jeanne", "last_name": "Martin", "natural_person_country_code": "FR",
            "birthdate": "29/02/1988", "bank_account_country_code": "FR", "iban": "FR1420041010050500013M02606",
        ]
        let checked = Checked(.companyAccountAudits, person)
        #expect(checked.issues.isEmpty)
        #expect(checked.stored["birthdate"] == "1988-02-29")
        var lastless = person
        lastless["last_name"] = nil
        #expect(Checked(.companyAccountAudits, lastless).codes == ["required"])
        var badDate = person
        badDate["birthdate"] = "29/02/1989"
        #expect(Checked(.companyAccountAudits, badDate).codes == ["date_invalid"])
    }

    @Test func theBankBlockFollowsTheBankCountry() {
        var mismatch = Self.company
        mismatch["iban"] = "DE89370400440532013000"
        #expect(Checked(.companyAccountAudits, mismatch).codes == ["iban_country_mismatch"])
        var noIBAN = Self.company
        noIBAN["iban"] = nil
        let missing = Checked(.companyAccountAudits, noIBAN)
        #expect(missing.codes == ["required"])
        #expect(missing.errors.first?.field == "iban")
        var american = Self.company
        american["bank_account_country_code"] = "USA"
        american["iban"] = nil
        american["bank_account_number"] = "000123456789"
        #expect(Checked(.companyAccountAudits, american).codes == ["bank_identifier_required"])
        american["routing_number"] = "021000021"
        #expect(Checked(.companyAccountAudits, american).issues.isEmpty)
        american["bic_code"] = "CHASUS3"
        #expect(Checked(.companyAccountAudits, american).codes == ["bic_format"])
    }

    @Test func checksUseTheirOwnIdAndKeepTheRawAddress() {
        var check = Self.company
        check["supplier_id"] = nil
        check["custom_id"] = "C-1"
        check["company_raw_address"] = "13-15 quai Le Gallo, 92100 Boulogne-Billancourt"
        let checked = Checked(.companyAccountChecks, check)
        #expect(checked.issues.isEmpty)
        #expect(checked.stored["custom_id"] == "C-1")
    }
}

@Suite struct BeneficiaryValidationTests {
    static let jane: [String: String] = [
        "id": "ben-1", "entity_type": "INDIVIDUAL",
        "bank_details.account_number": "GB29NWBK60161331926819", "bank_details.bank_code": "NWBK",
        "bank_details.account_country": "GB", "bank_details.account_currency": "GBP",
        "bank_details.account_name": "Jane Doe", "bank_details.bank_name": "NatWest",
        "entity.individual_first_name": "Jane", "entity.individual_last_name": "Doe",
    ]

    @Test func countryAndCurrencyDefaultToTheBankDetails() {
        let checked = Checked(.beneficiaries, Self.jane)
        #expect(checked.issues.isEmpty)
        #expect(checked.stored["country"] == "GB")
        #expect(checked.stored["currency"] == "GBP")
    }

    @Test func aMissingBankNameIsReportedOnBankDetailsNamingTheProperty() {
        var record = Self.jane
        record["bank_details.bank_name"] = nil
        let checked = Checked(.beneficiaries, record)
        #expect(checked.codes == ["required"])
        #expect(checked.errors.first?.property == "$.bank_details")
        #expect(checked.errors.first?.description.contains("bank_name") == true)
    }

    @Test func anInvalidValueIsReportedOnItsOwnPath() {
        var record = Self.jane
        record["bank_details.account_number"] = "GB29NWBK60161331926818"
        let checked = Checked(.beneficiaries, record)
        #expect(checked.codes == ["iban_checksum"])
        #expect(checked.errors.first?.property == "$.bank_details.account_number")
        record["bank_details.account_number"] = "DE89370400440532013000"
        #expect(Checked(.beneficiaries, record).codes == ["iban_country_mismatch"])
        var american = Self.jane
        american["bank_details.account_country"] = "US"
        american["bank_details.account_currency"] = "USD"
        american["bank_details.account_number"] = "000123456789"
        american["bank_details.bank_code"] = "111000025"
        #expect(Checked(.beneficiaries, american).issues.isEmpty)
        american["bank_details.account_number"] = "12 3"
        #expect(Checked(.beneficiaries, american).codes == ["account_number_format"])
    }

    @Test func namesAreTrimmedWithAWarningNotAnError() {
        var record = Self.jane
        record["bank_details.account_name"] = " Jane Doe"
        let checked = Checked(.beneficiaries, record)
        #expect(checked.errors.isEmpty)
        #expect(checked.issues.map { $0.code } == ["trimmed"])
        #expect(checked.issues.first?.severity == .warning)
        #expect(checked.stored["bank_details.account_name"] == "Jane Doe")
    }

    @Test func theEntityFollowsItsType() {
        var record = Self.jane
        record["entity.individual_last_name"] = nil
        let checked = Checked(.beneficiaries, record)
        #expect(checked.codes == ["required"])
        #expect(checked.errors.first?.property == "$.entity")
        var business = Self.jane
        business["entity_type"] = "BUSINESS"
        #expect(Checked(.beneficiaries, business).codes == ["required"])
        business["entity.company_name"] = "Doe Ltd"
        #expect(Checked(.beneficiaries, business).issues.isEmpty)
        business["entity_type"] = "PARTNERSHIP"
        #expect(Checked(.beneficiaries, business).codes == ["entity_type_invalid"])
    }
}
