@testable import IntakeKit
import Testing
import IntakeTestSupport

/// The corridor rules on a beneficiary's bank details (spec section 2's
/// table), with published values: routing numbers the Federal Reserve and
/// large banks publish, CLABEs with their check digits as Banxico's examples
/// and python-stdnum print them, IFSCs and BSBs as banks print them; and
/// their mutations.
@Suite struct BankCorridorTests {
    /// A valid item of `country`/`currency` whose bank details are `bank`.
    static func item(_ country: String, _ currency: String, _ bank: [String: String]) -> [String: String] {
        var record = [
            "id": "b-1", "entity_type": "INDIVIDUAL",
            "bank_details.account_country": country, "bank_details.account_currency": currency,
            "bank_details.account_name": "Jane Doe", "bank_details.bank_name": "Bank",
            "entity.individual_first_name": "Jane", "entity.individual_last_name": "Doe",
        ]
        for (key, value) in bank { record["bank_details." + key] = value }
        return record
    }

    static func us(_ routing: String, account: String = "789456123012") -> Checked {
        Checked(.beneficiaries, item("US", "USD", ["bank_code": routing, "account_number": account]))
    }

    /// The Federal Reserve Bank of Boston (011000015), Bank of America Texas
    /// (111000025, Papaya's example), JPMorgan Chase NY (021000021), Bank of
    /// America NY (026009593), Wells Fargo CA (121000248), Citibank NY
    /// (021000089), State Street Boston (011000028), Chase CA (322271627).
    static let publishedRoutingNumbers = [
        "011000015", "111000025", "021000021", "026009593", "121000248", "021000089", "011000028", "322271627",
    ]

    @Test func publishedRoutingNumbersPassAndAreStoredCompact() {
        for routing in Self.publishedRoutingNumbers {
            let checked = Self.us(routing)
            #expect(checked.issues.isEmpty, "\(routing): \(checked.codes)")
            #expect(checked.stored["bank_details.bank_code"] == routing)
        }
        let printed = Self.us("0260-0959-3", account: "2345 6789 0567")
        #expect(printed.issues.isEmpty)
        #expect(printed.stored["bank_details.bank_code"] == "026009593")
        #expect(printed.stored["bank_details.account_number"] == "234567890567")
        #expect(Self.us("021.000.021").stored["bank_details.bank_code"] == "021000021")
    }

    @Test func everyOneDigitChangeOfAPublishedRoutingNumberFails() {
        for routing in Self.publishedRoutingNumbers {
            for position in 0..<9 {
                for digit in "0123456789" where Array(routing)[position] != digit {
                    var mutated = Array(routing)
                    mutated[position] = digit
                    let codes = Self.us(String(mutated)).codes
                    #expect(codes == ["routing_number_checksum"] || codes == ["routing_number_prefix"],
                            "\(String(mutated)): \(codes)")
                }
            }
        }
    }

    @Test func aRoutingNumberOutsideTheFederalReserveRangesOrOfAnotherShapeIsRefused() {
        // 111000025 with its district moved to 13 (unassigned); checksum kept right by the last digit.
        #expect(Self.us("131000021").codes == ["routing_number_prefix"])
        #expect(Self.us("801000018").issues.isEmpty, "80: traveller's cheques, checksum right")
        #expect(Self.us("11100002").codes == ["bank_code_format"])
        #expect(Self.us("11100002X").codes == ["bank_code_format"])
        let failure = Self.us("111000026")
        #expect(failure.codes == ["routing_number_checksum"])
        #expect(failure.errors.first?.field == "bank_details.bank_code")
        #expect(failure.errors.first?.value == "111000026")
        #expect(Self.us("111000025", account: "123").codes == ["account_number_format"])
        #expect(Self.us("111000025", account: "123456789012345678").codes == ["account_number_format"])
        let missing = Checked(.beneficiaries, Self.item("US", "USD", ["account_number": "789456123012"]))
        #expect(missing.codes == ["required"])
        #expect(missing.errors.first?.property == "$.bank_details")
    }

    @Test func clabeCheckDigits() {
        // Banxico's example CLABE (Wikipedia, "CLABE") and python-stdnum's mx.clabe example.
        for clabe in ["032180000118359719", "002010077777777771"] {
            let checked = Checked(.beneficiaries, Self.item("MX", "MXN", ["account_number": clabe]))
            #expect(checked.issues.isEmpty, "\(clabe)")
            #expect(checked.stored["bank_details.account_number"] == clabe)
        }
        let printed = Checked(.beneficiaries, Self.item("MX", "MXN", ["account_number": "032 180 00011835971 9"]))
        #expect(printed.issues.isEmpty)
        #expect(printed.stored["bank_details.account_number"] == "032180000118359719")
        #expect(Checked(.beneficiaries, Self.item("MX", "MXN", ["account_number": "032180000118359718"])).codes == ["clabe_checksum"])
        #expect(Checked(.beneficiaries, Self.item("MX", "MXN", ["account_number": "002010077777777772"])).codes == ["clabe_checksum"])
        #expect(Checked(.beneficiaries, Self.item("MX", "MXN", ["account_number": "03218000011835971"])).codes == ["account_number_format"])
        // A bank code that no bank has (999) passes: the check digit only.
        let head = Array("99918000011835971").map { Int(String($0)) ?? 0 }
        let unknownBank = "99918000011835971" + String(CLABE.checkDigit(head))
        #expect(Checked(.beneficiaries, Self.item("MX", "MXN", ["account_number": unknownBank])).issues.isEmpty)
    }

    @Test func indianIFSCAsBanksPrintThem() {
        // State Bank of India, Kolkata main branch; HDFC Bank, Mumbai.
        for ifsc in ["SBIN0000001", "HDFC0000001", "sbin0000001"] {
            let checked = Checked(.beneficiaries, Self.item("IN", "INR", ["bank_code": ifsc, "account_number": "50100012345678"]))
            #expect(checked.issues.isEmpty, "\(ifsc)")
            #expect(checked.stored["bank_details.bank_code"] == ifsc.uppercased())
        }
        for bad in ["SBIN1000001", "SBI00000001", "SBIN000001", "1BIN0000001"] {
            #expect(Checked(.beneficiaries, Self.item("IN", "INR", ["bank_code": bad, "account_number": "50100012345678"])).codes
                    == ["bank_code_format"], "\(bad)")
        }
        #expect(Checked(.beneficiaries, Self.item("IN", "INR", ["bank_code": "SBIN0000001", "account_number": "12345678"])).codes
                == ["account_number_format"])
    }

    @Test func australianBSBAndBritishSortCodes() {
        // Commonwealth Bank, Sydney (062-000).
        let au = Checked(.beneficiaries, Self.item("AU", "AUD", ["bank_code": "062-000", "account_number": "12345678"]))
        #expect(au.issues.isEmpty)
        #expect(au.stored["bank_details.bank_code"] == "062000")
        #expect(Checked(.beneficiaries, Self.item("AU", "AUD", ["bank_code": "062-00", "account_number": "12345678"])).codes == ["bank_code_format"])
        // The IBAN registry's example GB29 NWBK 6016 1331 9268 19: sort code 60-16-13, account 31926819.
        let gb = Checked(.beneficiaries, Self.item("GB", "GBP", ["bank_code": "60-16-13", "account_number": "31926819"]))
        #expect(gb.issues.isEmpty)
        #expect(gb.stored["bank_details.bank_code"] == "601613")
        let iban = Checked(.beneficiaries, Self.item("GB", "GBP", ["account_number": "GB29 NWBK 6016 1331 9268 19"]))
        #expect(iban.issues.isEmpty)
        #expect(iban.stored["bank_details.account_number"] == "GB29NWBK60161331926819")
        #expect(Checked(.beneficiaries, Self.item("GB", "GBP", ["account_number": "GB29NWBK60161331926818"])).codes == ["iban_checksum"])
        #expect(Checked(.beneficiaries, Self.item("GB", "GBP", ["account_number": "31926819"])).codes == ["required"])
        #expect(Checked(.beneficiaries, Self.item("GB", "GBP", ["bank_code": "601613", "account_number": "3192681"])).codes
                == ["account_number_format"])
    }

    @Test func canadianRoutingNumbersInBothForms() {
        // RBC (institution 003), main branch transit 00002: cheque form 00002-003.
        let cheque = Checked(.beneficiaries, Self.item("CA", "CAD", ["bank_code": "00002-003", "account_number": "1234567"]))
        #expect(cheque.issues.isEmpty)
        #expect(cheque.stored["bank_details.bank_code"] == "000300002")
        let electronic = Checked(.beneficiaries, Self.item("CA", "CAD", ["bank_code": "000300002", "account_number": "1234567"]))
        #expect(electronic.stored["bank_details.bank_code"] == "000300002")
        #expect(Checked(.beneficiaries, Self.item("CA", "CAD", ["bank_code": "100300002", "account_number": "1234567"])).codes == ["bank_code_format"])
        #expect(Checked(.beneficiaries, Self.item("CA", "CAD", ["bank_code": "000300002", "account_number": "123456"])).codes == ["account_number_format"])
    }

    @Test func japaneseAndSouthAfricanCodes() {
        // MUFG Bank (0005), head office branch (001).
        let jp = Checked(.beneficiaries, Self.item("JP", "JPY", ["bank_code": "0005", "branch_code": "001", "account_number": "1234567"]))
        #expect(jp.issues.isEmpty)
        #expect(Checked(.beneficiaries, Self.item("JP", "JPY", ["bank_code": "0005", "branch_code": "01", "account_number": "1234567"])).codes
                == ["branch_code_format"])
        #expect(Checked(.beneficiaries, Self.item("JP", "JPY", ["bank_code": "0005", "account_number": "1234567"])).codes == ["required"])
        // FNB's universal branch code 250655, given as branch_code.
        let za = Checked(.beneficiaries, Self.item("ZA", "ZAR", ["branch_code": "250 655", "account_number": "62000000000"]))
        #expect(za.issues.isEmpty)
        #expect(za.stored["bank_details.bank_code"] == "250655")
        #expect(Checked(.beneficiaries, Self.item("ZA", "ZAR", ["bank_code": "25065", "account_number": "62000000000"])).codes
                == ["bank_code_format"])
    }

    @Test func theOldAddressNamesAreAliases() {
        var record = Self.item("US", "USD", ["bank_code": "111000025", "account_number": "789456123012"])
        record["entity.address_street"] = "1234 Elm Street"
        record["entity.address_zip_code"] = "77001"
        record["entity.address_state"] = "TX"
        record["bank_details.routing_number"] = record.removeValue(forKey: "bank_details.bank_code")
        let mapping = try? HeaderMapping(header: Array(record.keys), schema: ImportType.beneficiaries.schema)
        let schema = ImportType.beneficiaries.schema
        #expect(mapping?.columnOfField[schema.field("entity.address_line_1")] ?? -1 >= 0)
        #expect(mapping?.columnOfField[schema.field("entity.address_postal_code")] ?? -1 >= 0)
        #expect(mapping?.columnOfField[schema.field("entity.address_country_subdivision")] ?? -1 >= 0)
        #expect(mapping?.columnOfField[schema.field("bank_details.bank_code")] ?? -1 >= 0)
        #expect(mapping?.unknownColumns == [])
        #expect(mapping?.extraColumns.isEmpty == true)
    }
}
