import Testing

@testable import IntakeKit
import IntakeTestSupport

/// Hostile, damaged and wrong-kind files: each fails with its own typed error
/// and a message a person can act on, never a crash.
@Suite struct XLSXHostileTests {
    private func failure(_ name: String, limits: XLSXLimits = XLSXLimits()) throws -> XLSXError {
        try #require(XLSXTestKit.failure(try XLSXTestKit.fixture(name), limits: limits))
    }

    @Test func passwordProtectedWorkbookSaysToSaveItWithoutAPassword() throws {
        let error = try failure("libreoffice-encrypted.xlsx")
        #expect(error.code == "xlsx_encrypted")
        #expect(error.message.contains("save it as .xlsx without a password"))
    }

    @Test func legacyXLSAndMacroWorkbooksAreRefusedWithHowToSaveThem() throws {
        let legacy = try failure("libreoffice-legacy.xls")
        #expect(legacy.code == "xlsx_legacy_xls")
        #expect(legacy.message.contains("save it as Excel Workbook (.xlsx)"))
        let macro = try failure("hostile-macro.xlsx")
        #expect(macro.code == "xlsx_macro_enabled")
        #expect(XLSXContainerCheck.refusal(forExtension: "XLSM")?.code == "xlsx_macro_enabled")
        #expect(XLSXContainerCheck.refusal(forExtension: "xls")?.code == "xlsx_legacy_xls")
        #expect(XLSXContainerCheck.refusal(forExtension: "xlsx") == nil)
    }

    @Test func zipBombIsRefusedByRatioAndBySize() throws {
        let ratio = try failure("hostile-bomb.xlsx")
        #expect(ratio.code == "xlsx_bomb")
        #expect(ratio.message.contains("100 times"))
        #expect(ratio.part == "xl/worksheets/sheet1.xml")
        var small = XLSXLimits(maxFileBytes: 1000)
        small.ratioAllowance = 1 << 30
        let size = try failure("crafted-cells.xlsx", limits: small)
        #expect(size.code == "xlsx_bomb")
        #expect(size.message.contains("max_file_bytes"))
    }

    @Test func inflatingPastTheLimitFailsWhileStreamingWhenTheDirectoryLies() throws {
        var bytes = try XLSXTestKit.fixture("hostile-bomb.xlsx")
        // Declare the sheet small in its local and central headers: the limit still holds while inflating.
        let archive = try ZipArchive(source: MemoryRandomAccessSource(bytes))
        let sheet = try #require(archive.entry(named: "xl/worksheets/sheet1.xml"))
        let central = try #require(Self.centralHeader(of: sheet.name, in: bytes))
        for at in [central + 24, Int(sheet.localHeaderOffset) + 22] {
            bytes.replaceSubrange(at..<(at + 4), with: [0x00, 0x10, 0x00, 0x00])
        }
        var limits = XLSXLimits(maxFileBytes: 2 << 20)
        limits.ratioAllowance = 1 << 30
        let error = try #require(XLSXTestKit.failure(bytes, limits: limits))
        #expect(error.code == "xlsx_damaged")
        #expect(error.message.contains("more than the 4096 bytes it declares"))
    }

    @Test func unsafeNamesDuplicatesAndOverlapsAreRefused() throws {
        for name in ["hostile-dotdot.xlsx", "hostile-absolute.xlsx", "hostile-duplicate.xlsx", "hostile-overlap.xlsx"] {
            let error = try failure(name)
            #expect(error.code == "xlsx_unsafe_entry", "\(name): \(error)")
        }
        #expect(try failure("hostile-dotdot.xlsx").message.contains("../../evil.xml"))
        #expect(try failure("hostile-duplicate.xlsx").message.contains("twice"))
        #expect(try failure("hostile-overlap.xlsx").message.contains("overlap"))
    }

    @Test func zipEncryptionOnAnEntryIsRefused() throws {
        let error = try failure("hostile-zipcrypto.xlsx")
        #expect(error.code == "xlsx_encrypted")
    }

    @Test func aDTDInTheSharedStringsIsRefusedAsInXML() throws {
        let error = try failure("hostile-dtd.xlsx")
        #expect(error.code == "xml_dtd_refused")
        #expect(error.part == "xl/sharedStrings.xml")
        #expect(error.message.contains("xl/sharedStrings.xml"))
    }

    @Test func notAZipAndEmptyFilesSaySo() throws {
        #expect(XLSXTestKit.failure(Array("payment_id,amount\n".utf8))?.code == "xlsx_not_zip")
        #expect(XLSXTestKit.failure([])?.code == "xlsx_not_zip")
    }

    @Test func truncatedWorkbooksFailAtEveryCut() throws {
        for name in ["openpyxl-1900.xlsx", "libreoffice-sheets.xlsx", "crafted-zip64.xlsx"] {
            let bytes = try XLSXTestKit.fixture(name)
            let step = max(1, bytes.count / 97)
            for cut in Swift.stride(from: 0, to: bytes.count, by: step) + Array((bytes.count - 30)..<bytes.count) {
                let error = XLSXTestKit.failure(Array(bytes[0..<cut]))
                #expect(error != nil, "\(name) cut at \(cut) read without error")
                if let error { #expect(["xlsx_damaged", "xlsx_not_zip"].contains(error.code), "\(name) at \(cut): \(error)") }
            }
        }
    }

    @Test func corruptedBytesNeverCrashTheReader() throws {
        let bytes = try XLSXTestKit.fixture("crafted-cells.xlsx")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<400 {
            var copy = bytes
            for _ in 0..<3 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                copy[Int(state >> 33) % copy.count] ^= UInt8(truncatingIfNeeded: state >> 13) | 1
            }
            _ = XLSXTestKit.failure(copy)
        }
    }

    /// Offset of the central directory header naming `name`.
    static func centralHeader(of name: String, in bytes: [UInt8]) -> Int? {
        let wanted = Array(name.utf8)
        var at = 0
        while at + 46 < bytes.count {
            if bytes[at] == 0x50, bytes[at + 1] == 0x4B, bytes[at + 2] == 1, bytes[at + 3] == 2 {
                let length = Int(bytes[at + 28]) | Int(bytes[at + 29]) << 8
                if at + 46 + length <= bytes.count, Array(bytes[(at + 46)..<(at + 46 + length)]) == wanted { return at }
            }
            at += 1
        }
        return nil
    }
}
