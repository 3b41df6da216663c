import Foundation
import Testing

@testable import IntakeKit
import IntakeTestSupport

/// Workbooks Intake does not read: hostile or damaged ones end `FAILED` with
/// their code and nothing stored; other workbook kinds are refused by name.
@Suite struct XLSXHostileDropTests {
    static let hostile: [(fixture: String, code: String)] = [
        ("hostile-bomb.xlsx", "xlsx_bomb"),
        ("libreoffice-encrypted.xlsx", "xlsx_encrypted"),
        ("hostile-zipcrypto.xlsx", "xlsx_encrypted"),
        ("libreoffice-legacy.xls", "xlsx_legacy_xls"),
        ("hostile-dtd.xlsx", "xml_dtd_refused"),
        ("hostile-dotdot.xlsx", "xlsx_unsafe_entry"),
        ("hostile-absolute.xlsx", "xlsx_unsafe_entry"),
        ("hostile-duplicate.xlsx", "xlsx_unsafe_entry"),
        ("hostile-overlap.xlsx", "xlsx_unsafe_entry"),
        ("hostile-macro.xlsx", "xlsx_macro_enabled"),
    ]

    @Test(arguments: 0..<10) func hostileWorkbookFailsWithItsCode(_ index: Int) throws {
        let (fixture, code) = Self.hostile[index]
        let bytes = try XLSXTestKit.fixture(fixture)
        // Every one dropped under an .xlsx name (the .xls as a renamed file).
        let (root, job) = try XLSXDropTests.run("acme__payments__hostile.xlsx", bytes)
        #expect(job.status == .failed, "\(fixture)")
        #expect(job.error?.code == code, "\(fixture): \(job.error?.code ?? "") \(job.error?.message ?? "")")
        #expect(try root.storeCount("acme", "SELECT count(*) FROM entries") == 0)
        #expect(root.files("failed").count == 1, "\(fixture)")
        #expect(try root.read("outbox/acme/\(job.jobID).errors.csv").contains(code))
    }

    @Test func damagedWorkbooksFailAndNeverCrash() throws {
        let good = try XLSXTestKit.fixture("libreoffice-drop.xlsx")
        // Cut off, and a byte flipped inside the compressed worksheet: never a crash, never stored.
        for (label, bytes) in [("cut", Array(good.prefix(good.count / 2))), ("flipped", Self.flipped(good, at: good.count / 3)),
                               ("text", Array("payment_id,amount\n".utf8))] {
            let (root, job) = try XLSXDropTests.run("acme__payments__\(label).xlsx", bytes)
            #expect(job.status == .failed, "\(label)")
            #expect(job.error?.code.hasPrefix("xlsx_") == true, "\(label): \(job.error?.code ?? "")")
            #expect(try root.storeCount("acme", "SELECT count(*) FROM payments") == 0, "\(label)")
        }
    }

    static func flipped(_ bytes: [UInt8], at index: Int) -> [UInt8] {
        var out = bytes
        out[index] ^= 0xFF
        return out
    }

    @Test(arguments: ["xls", "XLS", "xlsm", "xlsb", "xltm", "ods"]) func otherWorkbookKindsAreRefusedByName(_ ext: String) throws {
        let (root, job) = try XLSXDropTests.run("acme__payments__book.\(ext)", try XLSXTestKit.fixture("libreoffice-legacy.xls"))
        #expect(job.status == .rejected)
        #expect(job.error?.code == "unsupported_format" && job.error?.errorCode == 415)
        #expect(job.error?.message.contains(".xlsx") == true, "\(job.error?.message ?? "")")
        #expect(root.files("failed").count == 1)
    }

    @Test func theBinaryImportsAWorkbookAndRefusesAnXLS() throws {
        let root = try TemporaryRoot()
        let folder = root.path + "/drops"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let book = folder + "/june.xlsx"
        try Data(try XLSXTestKit.fixture("libreoffice-drop.xlsx")).write(to: URL(fileURLWithPath: book))
        let imported = try IntakeBinary.run(["import", root.path, "--workspace", "acme", "--type", "payments", book])
        #expect(imported.status == 0, "\(imported.stderr)")
        let job = try #require(try root.jobs().first)
        #expect(job.status == .done && job.total == 8 && job.failed == 4 && job.sourceFormat == "xlsx")
        #expect(root.files("outbox/acme").contains("\(job.jobID).rejected.csv"))
        let validated = try IntakeBinary.run(["validate", "--type", "payments", book, "--json"])
        #expect(validated.status == 65 && validated.stdout.contains("\"line\":6"), "\(validated.stdout.prefix(300))")
        let legacy = folder + "/old.xls"
        try Data(try XLSXTestKit.fixture("libreoffice-legacy.xls")).write(to: URL(fileURLWithPath: legacy))
        let refused = try IntakeBinary.run(["validate", "--type", "payments", legacy])
        #expect(refused.status == 65 && refused.stderr.contains("Excel Workbook (.xlsx)"), "\(refused.stderr)")
    }
}
