import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// Per-workspace input settings on real drops: encodings, decimal commas,
/// column aliases and all-or-nothing documents.
@Suite struct InputSettingsTests {
    /// A French ERP export: Windows-1252, `;`, decimal commas, its own column names.
    static let frenchExport: [UInt8] = {
        let text = """
            Référence paiement;Montant;Devise;Échéance;Bénéficiaire;IBAN;BIC;Pays\r
            FR-1;1234,56;EUR;2026-12-01;Société Générale Façades;FR1420041010050500013M02606;SOGEFRPP;FR\r
            FR-2;-5,00;EUR;2026-12-01;Hôtel Dupré;FR1420041010050500013M02606;SOGEFRPP;FR\r

            """
        return SingleByte.windows1252(text)
    }()

    @Test func aWindows1252ExportWithDecimalCommasAndItsOwnNamesIsImported() throws {
        let root = try TemporaryRoot(configure: FrenchExport.settings)
        try root.drop("acme__payments__export.csv", Self.frenchExport)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        #expect(job.status == .done)
        #expect(job.succeeded == 1)
        #expect(job.failed == 1)
        #expect(try root.storeCount("acme", "SELECT amount_minor FROM payments WHERE payment_id = 'FR-1'") == 123_456)
        let database = try Database(path: root.root.store("acme"))
        let name = try database.prepare("SELECT beneficiary_name FROM payments WHERE payment_id = 'FR-1'")
        #expect(try name.step())
        #expect(name.text(0) == "Société Générale Façades", "stored as UTF-8")
        // The rejected file is in the export's own encoding, byte for byte, ready to drop again.
        let rejected = try root.readBytes("outbox/acme/\(job.jobID).rejected.csv")
        let lines = Self.frenchExport.split(separator: 0x0A, omittingEmptySubsequences: false)
        #expect(rejected == Array(lines[0]) + [0x0A] + Array(lines[2]) + [0x0A])
        // The hash is of the file as dropped.
        var hasher = SHA256()
        hasher.update(Self.frenchExport)
        #expect(job.sha256 == SHA256.hex(hasher.finalize()))
    }

    @Test func withoutTheSettingsTheSameExportFailsNamingTheEncoding() throws {
        let root = try TemporaryRoot()
        try root.drop("acme__payments__export.csv", Self.frenchExport)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        #expect(job.status == .failed)
        #expect(job.error?.code == "invalid_encoding")
        #expect(job.error?.line == 1)
    }

    @Test func allOrNothingFailsTheDocumentAndStoresNothingButReportsTheRows() throws {
        let root = try TemporaryRoot { configuration in
            FrenchExport.settings(&configuration)
            configuration.workspaces["acme"]?.inputs[.payments]?.allOrNothing = true
        }
        try root.drop("acme__payments__export.csv", Self.frenchExport)
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        #expect(job.status == .failed)
        #expect(job.error?.code == "all_or_nothing")
        #expect(job.error?.message.contains("1 of 2 records failed") == true)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM payments") == 0)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 0)
        #expect(try root.storeCount("acme", "SELECT count(*) FROM applied_jobs") == 0)
        let errors = try root.read("outbox/acme/\(job.jobID).errors.csv")
        #expect(errors.contains("FR-2,amount,amount_not_positive"))
        #expect(errors.contains("all_or_nothing"))
        #expect(root.files("outbox/acme").contains("\(job.jobID).rejected.csv"))
        #expect(try root.result("acme", job.jobID).array("progress").isEmpty)
        #expect(root.files("failed/acme") == ["\(job.jobID)__acme__payments__export.csv"])
    }

    @Test func settingsAreCheckedWhenTheConfigurationIsRead() throws {
        let cases: [(String, String)] = [
            (#"{"workspaces": {"acme": {"types": {"payments": {"encoding": "ebcdic"}}}}}"#, "unknown encoding \"ebcdic\""),
            (#"{"workspaces": {"acme": {"types": {"payments": {"column_aliases": {"Montant": "montant"}}}}}}"#,
             "\"montant\" is not a field of payments"),
            (#"{"workspaces": {"acme": {"types": {"wages": {}}}}}"#, "`workspaces.acme.types.wages`: unknown type"),
        ]
        for (json, mention) in cases {
            #expect {
                _ = try Configuration.parse(Data(json.utf8), path: "intake.json")
            } throws: { error in
                (error as? ConfigurationError)?.message.contains(mention) == true
            }
        }
        var configuration = Configuration()
        configuration.workspaces["acme"] = .init(permissions: [])
        FrenchExport.settings(&configuration)
        let reread = try Configuration.parse(Data(configuration.json().utf8), path: "intake.json")
        #expect(reread == configuration, "intake init keeps the settings it rewrites")
    }
}
