import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// Files as Excel and French ERPs really write them, dropped and run end to end.
@Suite struct RealExportTests {
    static let header = "payment_id;amount;currency;due_date;beneficiary_name;beneficiary_iban;beneficiary_bic;beneficiary_country"
    static let valid = "P-1;1500.00;EUR;2026-10-15;Café de l'Étoile;FR1420041010050500013M02606;SOGEFRPP;FR"
    static let invalid = "P-2;-5.00;EUR;2026-10-15;Hôtel Dupré;FR1420041010050500013M02606;SOGEFRPP;FR"

    static func workspace(_ encoding: TextEncoding, _ edit: @escaping (inout InputSettings) -> Void = { _ in })
        -> (inout Configuration) -> Void
    {
        { configuration in
            var settings = InputSettings()
            settings.encoding = encoding
            edit(&settings)
            configuration.workspaces["acme"]?.inputs[.payments] = settings
        }
    }

    static func stored(_ root: TemporaryRoot, _ column: String, _ id: String) throws -> String? {
        let database = try Database(path: root.root.store("acme"))
        let statement = try database.prepare("SELECT \(column) FROM payments WHERE payment_id = '\(id)'")
        guard try statement.step() else { return nil }
        return statement.text(0)
    }

    static func run(_ root: TemporaryRoot, _ name: String, _ bytes: [UInt8]) throws -> JobRecord {
        try root.drop(name, bytes)
        _ = try root.runPass()
        return try #require(try root.jobs().last)
    }

    static func utf16LE(_ text: String) -> [UInt8] {
        [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    @Test func aUTF8ExportInAWindows1252WorkspaceIsNeverGarbled() throws {
        let root = try TemporaryRoot(configure: Self.workspace(.windows1252))
        let job = try Self.run(root, "acme__payments__utf8.csv", Array("\(Self.header)\n\(Self.valid)\n\(Self.invalid)\n".utf8))
        #expect(job.status == .done)
        #expect(try Self.stored(root, "beneficiary_name", "P-1") == "Café de l'Étoile", "not CafÃ© de l'Ã‰toile")
        let warnings = try root.result("acme", job.jobID).array("document_warnings")
        #expect(warnings.first?.string("code") == "encoding_detected")
        #expect(warnings.first?.string("description")?.contains("UTF-8") == true)
        // The rejected file goes back in UTF-8, the encoding it was read in.
        let rejected = try root.readBytes("outbox/acme/\(job.jobID).rejected.csv")
        #expect(rejected == Array("\(Self.header)\n\(Self.invalid)\n".utf8))
    }

    @Test func excelsCSVUTF8WithItsBOMReadsItsFirstColumn() throws {
        let root = try TemporaryRoot(configure: Self.workspace(.windows1252))
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("\(Self.header)\r\n\(Self.valid)\r\n".utf8)
        let job = try Self.run(root, "acme__payments__excel.csv", bytes)
        #expect(job.status == .done, "\(job.error?.message ?? "")")
        #expect(job.succeeded == 1)
        #expect(try Self.stored(root, "beneficiary_name", "P-1") == "Café de l'Étoile")
    }

    @Test func excelsUnicodeTextIsReadAndItsRejectedFileIsUTF16Too() throws {
        let text = [Self.header, Self.valid, Self.invalid].map { $0.replacingOccurrences(of: ";", with: "\t") }
            .joined(separator: "\r\n") + "\r\n"
        let root = try TemporaryRoot()
        let job = try Self.run(root, "acme/payments/export.txt", Self.utf16LE(text))
        #expect(job.status == .done, "\(job.error?.message ?? "")")
        #expect(job.succeeded == 1 && job.failed == 1)
        #expect(try Self.stored(root, "beneficiary_name", "P-1") == "Café de l'Étoile")
        let progress = try root.result("acme", job.jobID).array("progress")
        #expect(progress.first?["line"] as? Int == 3)
        let lines = text.components(separatedBy: "\r\n")
        let rejected = try root.readBytes("outbox/acme/\(job.jobID).rejected.txt")
        #expect(rejected == Self.utf16LE(lines[0] + "\r\n" + lines[2] + "\r\n"))
    }

    @Test func aFrenchERPExportWithSepLineDatesAndGroupedAmountsIsStoredCanonically() throws {
        let text = """
            sep=;\r
            Référence;Montant;Devise;Échéance;Bénéficiaire;IBAN;BIC;Pays\r
            FR-1;12 500,00;EUR;31/12/2026;Société Générale Façades;FR1420041010050500013M02606;SOGEFRPP;FR\r
            FR-2;1\u{A0}250,5;EUR;31/02/2026;Hôtel Dupré;FR1420041010050500013M02606;SOGEFRPP;FR\r

            """
        let root = try TemporaryRoot(configure: Self.workspace(.windows1252) { settings in
            settings.decimalComma = true
            settings.thousandsSeparator = .space
            settings.dateFormat = .dayMonthYearSlash
            settings.columnAliases = [
                "référence": "payment_id", "montant": "amount", "devise": "currency", "échéance": "due_date",
                "bénéficiaire": "beneficiary_name", "iban": "beneficiary_iban", "bic": "beneficiary_bic",
                "pays": "beneficiary_country",
            ]
        })
        let bytes = SingleByte.windows1252(text)
        let job = try Self.run(root, "acme__payments__erp.csv", bytes)
        #expect(job.status == .done, "\(job.error?.message ?? "")")
        #expect(try root.storeCount("acme", "SELECT amount_minor FROM payments WHERE payment_id = 'FR-1'") == 1_250_000)
        #expect(try Self.stored(root, "due_date", "FR-1") == "2026-12-31")
        #expect(try Self.stored(root, "beneficiary_name", "FR-1") == "Société Générale Façades")
        let progress = try root.result("acme", job.jobID).array("progress")
        #expect(progress.count == 1)
        #expect(progress.first?["line"] as? Int == 4, "the physical line, after the sep= line and the header")
        let rejected = try root.readBytes("outbox/acme/\(job.jobID).rejected.csv")
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.count == 5)
        guard lines.count == 5 else { return }
        #expect(rejected == SingleByte.windows1252(lines[0] + "\r\n" + lines[1] + "\r\n" + lines[3] + "\r\n"))
    }

    @Test func aByteThatContradictsDetectedUTF8FailsWithItsLine() throws {
        let root = try TemporaryRoot(configure: Self.workspace(.windows1252))
        let bytes = Array("\(Self.header)\n\(Self.valid)\n".utf8) + SingleByte.windows1252(Self.invalid + "\n")
        let job = try Self.run(root, "acme__payments__mixed.csv", bytes)
        #expect(job.status == .failed)
        #expect(job.error?.code == "invalid_encoding")
        #expect(job.error?.line == 3)
        #expect(job.error?.message.contains("mixes two encodings") == true, "\(job.error?.message ?? "")")
        #expect(try root.storeCount("acme", "SELECT count(*) FROM payments") == 0)
    }

    @Test func aMissingColumnNamesWhatWasRead() throws {
        let root = try TemporaryRoot()
        let header = Self.header.replacingOccurrences(of: "beneficiary_iban", with: "beneficiary_iabn")
        let job = try Self.run(root, "acme__payments__typo.csv", Array("sep=;\n\(header)\n\(Self.valid)\n".utf8))
        #expect(job.error?.code == "missing_column")
        #expect(job.error?.line == 2)
        let message = job.error?.message ?? ""
        #expect(message.contains("did you mean beneficiary_iban"), "\(message)")
        #expect(message.contains("UTF-8") && message.contains("semicolon"))
    }

    @Test func brokenUTF16DropsFailAndStoreNothing() throws {
        let good = Self.utf16LE([Self.header, Self.valid].joined(separator: "\r\n") + "\r\n")
        for (name, bytes) in [("odd", good + [0x50]), ("surrogate", good + [0x00, 0xD8, 0x50, 0x00])] {
            let root = try TemporaryRoot()
            let job = try Self.run(root, "acme__payments__\(name).csv", bytes)
            #expect(job.status == .failed, "\(name)")
            #expect(job.error?.code == "invalid_encoding", "\(name): \(job.error?.code ?? "")")
            #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 0)
        }
    }

    @Test func aPain001DeclaredLatin1AndASwissOneAreImported() throws {
        var latin1 = Pain001Fixture(declaredEncoding: "ISO-8859-1")
        latin1.blocks[0].transactions[0].name = "Müller Söhne GmbH"
        var swiss = Pain001Fixture(namespaceOverride: "http://www.six-interbank-clearing.com/de/pain.001.001.03.ch.02.xsd")
        swiss.blocks[0].transactions[0].instructionID = nil
        swiss.blocks[0].transactions[0].endToEndID = "NOTPROVIDED"
        let root = try TemporaryRoot()
        let first = try Self.run(root, "acme__payments__latin1.xml", SingleByte.windows1252(latin1.text))
        #expect(first.status == .done, "\(first.error?.message ?? "")")
        #expect(try Self.stored(root, "beneficiary_name", "E2E-1") == "Müller Söhne GmbH")
        let second = try Self.run(root, "acme__payments__swiss.xml", Array(swiss.bytes))
        #expect(second.status == .done, "\(second.error?.message ?? "")")
        #expect(try Self.stored(root, "payment_id", "MSG-2026-0001/PMT-1/1") == "MSG-2026-0001/PMT-1/1")
        let progress = try root.result("acme", second.jobID).array("progress")
        let codes = progress.flatMap { item -> [String] in
            let info = (item["error"] as? [String: Any])?["error_info"] as? [String: Any]
            return ((info?["warnings"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }
        }
        #expect(codes.contains("payment_id_derived"), "\(progress)")
    }

    @Test func valueFormatSettingsAreCheckedAtLoadNamingTheKey() {
        let cases: [(String, String)] = [
            (#"{"workspaces": {"acme": {"types": {"payments": {"date_format": "DD/MM/YY"}}}}}"#,
             "workspaces.acme.types.payments.date_format"),
            (#"{"workspaces": {"acme": {"types": {"payments": {"thousands_separator": "_"}}}}}"#,
             "workspaces.acme.types.payments.thousands_separator"),
            (#"{"workspaces": {"acme": {"types": {"payments": {"decimal_comma": true, "thousands_separator": ","}}}}}"#,
             "also the decimal separator"),
            (#"{"workspaces": {"acme": {"types": {"payments": {"thousands_separator": "."}}}}}"#,
             "also the decimal separator"),
        ]
        for (json, mention) in cases {
            #expect {
                _ = try Configuration.parse(Data(json.utf8), path: "intake.json")
            } throws: { error in
                (error as? ConfigurationError)?.message.contains(mention) == true
            }
        }
        let narrow = #"{"workspaces": {"acme": {"types": {"payments": {"decimal_comma": true, "thousands_separator": "\u202f", "date_format": "dd.mm.yyyy"}}}}}"#
        let settings = (try? Configuration.parse(Data(narrow.utf8), path: "intake.json"))?.workspaces["acme"]?.inputs[.payments]
        #expect(settings?.thousandsSeparator == .space)
        #expect(settings?.dateFormat == .dayMonthYearDot)
    }
}
