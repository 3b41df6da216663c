import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// `intake validate ROOT --workspace W`: the workspace's input settings apply.
@Suite struct WorkspaceValidateTests {
    static let cleanFrenchExport = SingleByte.windows1252("""
        Référence paiement;Montant;Devise;Échéance;Bénéficiaire;IBAN;BIC;Pays\r
        FR-1;1234,56;EUR;2026-12-01;Société Générale Façades;FR1420041010050500013M02606;SOGEFRPP;FR\r

        """)

    @Test func aWindows1252ExportPassesWithItsWorkspaceSettingsAndNothingIsStored() throws {
        let root = try TemporaryRoot(configure: FrenchExport.settings)
        let file = root.path + "/export.csv"
        try Data(Self.cleanFrenchExport).write(to: URL(fileURLWithPath: file))
        let before = root.files("")

        let withSettings = try IntakeBinary.run(["validate", root.path, "--workspace", "acme", "--type", "payments", file])
        #expect(withSettings.status == 0, "\(withSettings.stderr)")
        let result = try JSONSerialization.jsonObject(with: Data(withSettings.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(result.string("status") == "DONE")
        #expect(result.int("succeeded") == 1)
        #expect(root.files("") == before)

        let rootless = try IntakeBinary.run(["validate", "--type", "payments", file])
        #expect(rootless.status == 65)

        let unknown = try IntakeBinary.run(["validate", root.path, "--workspace", "acmee", "--type", "payments", file])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("did you mean \"acme\"?"))
    }

    @Test func onATerminalItPrintsASummaryForAPerson() throws {
        let root = try TemporaryRoot()
        let file = root.path + "/june.csv"
        try PaymentsCSV.mixed.write(toFile: file, atomically: true, encoding: .utf8)
        // script(1) gives the command a terminal, as a person at a shell has.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", "'\(IntakeBinary.path)' validate --type payments '\(file)'", "/dev/null"]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 65)
        #expect(text.contains("12 rows, 3 valid, 9 invalid"), "\(text)")
        #expect(text.contains("errors by code: "))
        #expect(text.contains("iban_checksum"))
        #expect(text.contains("line 5"))
        #expect(!text.contains("\"progress\""))
    }
}
