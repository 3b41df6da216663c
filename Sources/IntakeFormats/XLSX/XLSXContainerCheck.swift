import IntakeCore
import IntakeSystem
/// Files that look like workbooks but are not `.xlsx`: told apart by their
/// first bytes or their name, each with what the person should do.
public enum XLSXContainerCheck {
    /// The OLE compound file signature (`D0 CF 11 E0 A1 B1 1A E1`): an Excel
    /// 97–2003 `.xls`, or an encrypted (password-protected) OOXML workbook.
    static let oleSignature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    /// How far an OLE file is searched for the `EncryptedPackage` stream's name.
    static let oleSearchBytes = 1 << 20

    /// Throws `encrypted` or `legacy_xls` when `source` is an OLE compound file.
    static func refuseOLE(_ source: any RandomAccessSource) throws(XLSXError) {
        guard source.size >= 8,
            try source.bytes(at: 0, count: 8, what: "the file's signature") == oleSignature
        else { return }
        let count = Int(min(source.size, Int64(oleSearchBytes)))
        let head = try source.bytes(at: 0, count: count, what: "the OLE directory")
        let marker: [UInt8] = "EncryptedPackage".utf8.flatMap { (byte: UInt8) -> [UInt8] in [byte, 0] }
        if contains(head, marker) {
            throw XLSXError(
                .encrypted,
                "the workbook is protected by a password (encrypted), so Intake cannot read it;"
                    + " save it as .xlsx without a password (in Excel: File > Info > Protect Workbook >"
                    + " Encrypt with Password, clear it) and drop it again")
        }
        throw XLSXError(
            .legacyWorkbook,
            "the file is an Excel 97-2003 workbook (.xls) or another OLE file, not an .xlsx;"
                + " open it in Excel or LibreOffice and save it as Excel Workbook (.xlsx)")
    }

    /// The refusal for a drop whose extension names a workbook Intake does not
    /// read (`xls`, `xlsm`, `xlsb`, `xltm`, `ods`, any case), or nil.
    public static func refusal(forExtension fileExtension: String) -> XLSXError? {
        switch fileExtension.lowercased() {
        case "xls":
            XLSXError(
                .legacyWorkbook,
                "an Excel 97-2003 workbook (.xls) is not read; save it as Excel Workbook (.xlsx) or as CSV UTF-8 and drop that")
        case "xlsm", "xlsb", "xltm":
            XLSXError(
                .macroEnabled,
                "a macro-enabled or binary workbook (.\(fileExtension)) is not read; save it as Excel Workbook (.xlsx)"
                    + " (macros are not needed for the data) and drop that")
        case "ods":
            XLSXError(
                .missingPart, "an OpenDocument spreadsheet (.ods) is not read; save it as Excel 2007-365 (.xlsx) and drop that")
        default:
            nil
        }
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var index = 0
        while index + needle.count <= haystack.count {
            if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
