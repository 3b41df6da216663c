import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// Every (type, format) cell of spec section 2 on real drops: a valid and an
/// invalid record in each format give the same outcome, the same stored
/// records and the same entries.
@Suite struct TypeFormatMatrixTests {
    struct Case: Sendable, CustomStringConvertible {
        let type: ImportType
        let valid: [String: String]
        let validOrder: [String]
        let invalid: [String: String]
        let code: String
        let property: String
        var description: String { type.name }

        func fields(_ values: [String: String]) -> TestFields {
            validOrder.compactMap { name in values[name].map { (name, $0) } }
        }
        var records: [TestFields] { [fields(valid), fields(invalid)] }
    }

    static let payment: [String: String] = [
        "payment_id": "P-1", "amount": "1500.00", "currency": "EUR", "due_date": "2026-10-15",
        "beneficiary_name": "Müller & Söhne GmbH", "beneficiary_iban": "DE89370400440532013000",
        "beneficiary_bic": "COBADEFFXXX", "beneficiary_country": "DE", "reference": "Invoice 2026/118",
        "end_to_end_id": "P-1", "debtor_name": "Acme Industries SA", "debtor_iban": "FR1420041010050500013M02606",
    ]
    static let paymentOrder = [
        "payment_id", "amount", "currency", "due_date", "beneficiary_name", "beneficiary_iban", "beneficiary_bic",
        "beneficiary_country", "reference", "end_to_end_id", "debtor_name", "debtor_iban", "paid_at",
    ]

    static func with(_ base: [String: String], _ changes: [String: String?]) -> [String: String] {
        var out = base
        for (key, value) in changes { out[key] = value }
        return out
    }

    static let company: [String: String] = [
        "supplier_id": "S-1", "custom_id": "C-1", "company_name": "Renault", "company_country_code": "FR",
        "company_registration": "732829320", "bank_account_country_code": "FR", "iban": "FR1420041010050500013M02606",
        "company_raw_address": "13-15 quai Le Gallo, 92100 Boulogne-Billancourt",
    ]
    static let companyOrder = [
        "supplier_id", "custom_id", "company_name", "company_country_code", "company_registration",
        "bank_account_country_code", "iban", "company_raw_address",
    ]

    static let beneficiary: [String: String] = [
        "id": "ben-1", "entity_type": "INDIVIDUAL", "bank_details.account_number": "GB29NWBK60161331926819",
        "bank_details.bank_code": "NWBK", "bank_details.account_country": "GB", "bank_details.account_currency": "GBP",
        "bank_details.account_name": "Jane Doe", "bank_details.bank_name": "NatWest",
        "entity.individual_first_name": "Jane", "entity.individual_last_name": "Doe",
    ]
    static let beneficiaryOrder = [
        "id", "entity_type", "bank_details.account_number", "bank_details.bank_code", "bank_details.account_country",
        "bank_details.account_currency", "bank_details.account_name", "bank_details.bank_name",
        "entity.individual_first_name", "entity.individual_last_name",
    ]

    static let cases: [Case] = [
        Case(type: .payments, valid: payment, validOrder: paymentOrder,
             invalid: with(payment, ["payment_id": "P-2", "end_to_end_id": "P-2", "beneficiary_iban": "DE89370400440532013001"]),
             code: "iban_checksum", property: "$.beneficiary_iban"),
        Case(type: .paymentsHistory, valid: with(payment, ["paid_at": "2026-10-15"]), validOrder: paymentOrder,
             invalid: with(payment, ["payment_id": "H-2", "end_to_end_id": "H-2", "amount": "0.00", "paid_at": "2026-10-15"]),
             code: "amount_not_positive", property: "$.amount"),
        Case(type: .companyAccountAudits, valid: with(company, ["custom_id": nil, "company_raw_address": nil]),
             validOrder: companyOrder,
             invalid: with(company, ["supplier_id": "S-2", "custom_id": nil, "company_raw_address": nil,
                                     "company_registration": "732829321"]),
             code: "registration_invalid", property: "$.company_registration"),
        Case(type: .companyAccountChecks, valid: with(company, ["supplier_id": nil]), validOrder: companyOrder,
             invalid: with(company, ["supplier_id": nil, "custom_id": "C-2", "iban": "DE89370400440532013000"]),
             code: "iban_country_mismatch", property: "$.iban"),
        Case(type: .beneficiaries, valid: beneficiary, validOrder: beneficiaryOrder,
             invalid: with(beneficiary, ["id": "ben-2", "bank_details.bank_name": nil]),
             code: "required", property: "$.bank_details"),
    ]

    /// The documents of one case, by file name.
    static func documents(_ c: Case) -> [(name: String, bytes: [UInt8])] {
        textDocuments(c).map { ($0.name, Array($0.text.utf8)) } + [
            ("x.xlsx", XLSXDocuments.records(c.records)),
            ("shared.xlsx", XLSXDocuments.records(c.records, sharedStrings: true)),
        ]
    }

    /// The text documents of one case, by file name.
    static func textDocuments(_ c: Case) -> [(name: String, text: String)] {
        var out: [(String, String)] = [
            ("x.csv", RecordDocuments.csv(c.records)),
            ("x.json", RecordDocuments.jsonArray(c.records)),
            ("x.jsonl", RecordDocuments.jsonLines(c.records)),
            ("x.ndjson", RecordDocuments.jsonLines(c.records)),
            ("body.json", c.type == .beneficiaries
                ? RecordDocuments.papayaBody(c.records, updatePayments: true)
                : RecordDocuments.trustpairBody(c.type, c.records)),
        ]
        if c.type == .payments || c.type == .paymentsHistory {
            let transfers = c.records.map { $0.filter { $0.0 != "paid_at" } }
            out.append(("v09.xml", RecordDocuments.pain001(transfers, version: "pain.001.001.09")))
            out.append(("v03.xml", RecordDocuments.pain001(transfers, version: "pain.001.001.03")))
            out.append(("flat.xml", RecordDocuments.flatXML(c.records)))
        }
        return out
    }

    /// Drops one document into a fresh root and returns what became of it.
    static func run(_ c: Case, _ name: String, _ text: String) throws -> (job: JobRecord, root: TemporaryRoot) {
        try run(c, name, Array(text.utf8))
    }

    /// Drops one document's bytes into a fresh root and returns what became of it.
    static func run(_ c: Case, _ name: String, _ bytes: [UInt8]) throws -> (job: JobRecord, root: TemporaryRoot) {
        let root = try TemporaryRoot()
        try root.drop("acme__\(c.type.name)__\(name)", bytes)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        return (job, root)
    }

    /// Every stored record of the type and every entry, as text, for comparing formats.
    static func stored(_ root: TemporaryRoot, _ type: ImportType) throws -> [[String]] {
        let database = try Database(path: root.root.store("acme"))
        var rows: [[String]] = []
        let columns = type.schema.fields.map { $0.name.replacingOccurrences(of: ".", with: "_") + ($0.kind == .decimal ? "_minor" : "") }
        let records = try database.prepare("SELECT \(columns.joined(separator: ", ")) FROM \(type.name) ORDER BY 1")
        while try records.step() { rows.append(columns.indices.map { records.text(Int32($0)) ?? "NULL" }) }
        let entries = try database.prepare("SELECT row, record_id, status, issues FROM entries ORDER BY id")
        while try entries.step() { rows.append((0..<4).map { entries.text(Int32($0)) ?? "NULL" }) }
        return rows
    }

    @Test(arguments: cases) func everyFormatGivesTheSameOutcomeRecordsAndEntries(_ c: Case) throws {
        var reference: [[String]]?
        for (name, bytes) in Self.documents(c) {
            let (job, root) = try Self.run(c, name, bytes)
            #expect(job.status == .done, "\(c.type.name) \(name): \(job.error?.message ?? "")")
            #expect(job.total == 2, "\(name)")
            #expect(job.succeeded == 1, "\(name)")
            #expect(job.failed == 1, "\(name)")
            let result = try root.result("acme", job.jobID)
            let failedRow = try #require(result.array("progress").first, "\(name)")
            let error = failedRow.dictionary("error")?.dictionary("error_info")?.array("errors").first
            #expect(error?.string("code") == c.code, "\(name)")
            #expect(error?["properties"] as? [String] == [c.property], "\(name)")
            #expect(failedRow.int("row") == 1, "\(name)")
            if name.hasSuffix(".csv") || name.hasSuffix(".xlsx") {
                #expect(failedRow.int("line") == 3, "\(name): the worksheet row in a workbook")
                #expect(failedRow["path"] == nil, "\(name)")
            } else if name.hasSuffix("jsonl") || name.hasSuffix("ndjson") {
                #expect(failedRow.int("line") == 2, "\(name)")
            } else {
                #expect(failedRow["line"] is NSNull, "\(name)")
                #expect(failedRow.string("path")?.hasSuffix("[2]") == true || failedRow.string("path")?.hasSuffix("[1]") == true,
                        "\(name): \(failedRow.string("path") ?? "no path")")
            }
            let rows = try Self.stored(root, c.type)
            if let reference {
                #expect(rows == reference, "\(c.type.name) \(name) stores what the CSV stores")
            } else {
                reference = rows
            }
            if name.hasSuffix(".xlsx") { try Self.expectCellPaths(c, root: root, job: job) }
            // The rejected file holds the one failed record in the document's own shape (a
            // workbook's as CSV), and can be dropped again.
            let ext = name.hasSuffix(".xlsx") ? "csv" : String(name.split(separator: ".").last ?? "")
            let rejectedName = "\(job.jobID).rejected.\(ext)"
            let again = try TemporaryRoot()
            try again.drop("acme__\(c.type.name)__again.\(ext)", try root.readBytes("outbox/acme/" + rejectedName))
            _ = try again.runPass()
            let retried = try #require(try again.jobs().first)
            #expect(retried.status == .done && retried.total == 1 && retried.failed == 1,
                    "\(name): the rejected file re-imports as the one failed record (\(retried.error?.message ?? ""))")
        }
    }

    /// A workbook's errors CSV names the failed field's cell (`path`) and the worksheet row (`line`).
    static func expectCellPaths(_ c: Case, root: TemporaryRoot, job: JobRecord) throws {
        var names: [String] = []
        for record in c.records { for (name, _) in record where !names.contains(name) { names.append(name) } }
        let lines = try root.read("outbox/acme/\(job.jobID).errors.csv").split(separator: "\n")
        let cells = try #require(lines.dropFirst().first).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let column = try #require(names.firstIndex(of: cells[4]), "the error names a column: \(cells)")
        #expect(cells[1] == "3" && cells[2] == XLSXDocuments.columnName(column) + "3", "\(c.type.name): \(cells)")
    }

    @Test func papayaBodyStoresUpdatePaymentsOnTheJob() throws {
        let c = Self.cases[4]
        let (job, root) = try Self.run(c, "body.json", RecordDocuments.papayaBody(c.records, updatePayments: true))
        #expect(job.updatePayments == true)
        #expect(try root.result("acme", job.jobID)["update_payments"] as? Bool == true)
        let (other, _) = try Self.run(c, "body.json", RecordDocuments.papayaBody(c.records, updatePayments: false))
        #expect(other.updatePayments == false)
        let (plain, _) = try Self.run(c, "x.json", RecordDocuments.jsonArray(c.records))
        #expect(plain.updatePayments == nil)
    }

    static func payments(_ count: Int) -> [TestFields] {
        (0..<count).map { i in
            let c = Self.cases[0]
            return c.fields(Self.with(c.valid, ["payment_id": "P-\(i)", "end_to_end_id": "P-\(i)"]))
        }
    }

    @Test func trustpairBodyHoldsAtMostOneThousandRecords() throws {
        let (full, root) = try Self.run(Self.cases[0], "body.json", RecordDocuments.trustpairBody(.payments, Self.payments(1000)))
        #expect(full.status == .done)
        #expect(full.total == 1000)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM payments") == 1000)
        let (over, overRoot) = try Self.run(Self.cases[0], "body.json", RecordDocuments.trustpairBody(.payments, Self.payments(1001)))
        #expect(over.status == .failed)
        #expect(over.error?.code == "too_many_records")
        #expect(over.error?.errorCode == 413)
        #expect(try overRoot.storeCount("acme", "SELECT count(*) FROM payments") == 0)
        // A plain array has no such cap.
        let (array, _) = try Self.run(Self.cases[0], "x.json", RecordDocuments.jsonArray(Self.payments(1001)))
        #expect(array.status == .done && array.total == 1001)
    }

    @Test func trustpairBodyTypeMustBeTheFilesTypeWhereverItStands() throws {
        let records = Self.payments(2)
        let (late, _) = try Self.run(Self.cases[0], "body.json", RecordDocuments.trustpairBody(.payments, records, typeFirst: false))
        #expect(late.status == .done)
        let (wrong, root) = try Self.run(Self.cases[1], "body.json",
                                         RecordDocuments.trustpairBody(.payments, records, typeFirst: false))
        #expect(wrong.status == .failed)
        #expect(wrong.error?.code == "body_type_mismatch")
        #expect(wrong.error?.message.contains("trustpair/payments_history_import") == true)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM payments_history") == 0)
        let (papaya, _) = try Self.run(Self.cases[0], "body.json", RecordDocuments.papayaBody(records, updatePayments: true))
        #expect(papaya.status == .failed)
        #expect(papaya.error?.code == "body_shape_mismatch")
    }
}
