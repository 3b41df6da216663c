import IntakeCore
import IntakeSystem
/// A workbook that cannot be read as a whole: the file fails, not a row.
///
/// Raised while opening the ZIP container, inflating a part or parsing one of
/// the workbook's XML parts. Cell values that are not what a field wants (text
/// in an amount, an error cell) are not errors here: the row is checked by the
/// validators. Every message names the part when there is one and says what to do.
public struct XLSXError: CodedDocumentReadError, Equatable, Sendable {
    /// What went wrong; each kind has a stable ``code``.
    public enum Kind: Equatable, Sendable {
        /// The file is neither a ZIP container nor an OLE file (`xlsx_not_zip`).
        case notZip
        /// A password-protected workbook, or a ZIP entry with ZIP encryption (`xlsx_encrypted`).
        case encrypted
        /// An Excel 97–2003 `.xls` or another OLE compound file (`xlsx_legacy_xls`).
        case legacyWorkbook
        /// A macro-enabled (`.xlsm`) or binary (`.xlsb`) workbook (`xlsx_macro_enabled`).
        case macroEnabled
        /// The container is cut off or inconsistent: a bad CRC, headers that disagree,
        /// an entry past the file's end (`xlsx_damaged`).
        case damaged
        /// An entry named with `..` or an absolute path, given twice, or overlapping
        /// another (`xlsx_unsafe_entry`).
        case unsafeEntry
        /// An entry compressed with a method other than stored or deflate (`xlsx_unsupported_compression`).
        case unsupportedCompression
        /// A part inflating past the size limit or the 100:1 ratio (`xlsx_bomb`).
        case bomb
        /// A part the workbook needs is absent (`xlsx_missing_part`).
        case missingPart
        /// No worksheet to read: none visible, or the one asked for is absent (`xlsx_no_sheet`).
        case noSheet
        /// A worksheet whose rows or cells break the format: a bad cell reference,
        /// rows out of order, a row larger than the limit (`xlsx_sheet`).
        case sheet
        /// A part is not acceptable XML (the ``XMLError`` kind's code: `xml_dtd_refused`, `xml_syntax`, …).
        case xml(XMLError.Kind)
        /// Reading the file failed (`read`).
        case read
    }

    /// What went wrong.
    public let kind: Kind
    /// What is wrong and what to do about it, for a person.
    public let message: String
    /// The part (`xl/worksheets/sheet1.xml`) the problem is in, when there is one.
    public let part: String?
    /// 1-based line in the part, for XML problems.
    public let line: Int?

    /// Creates an error of `kind`; `part` and `line` when known.
    public init(_ kind: Kind, _ message: String, part: String? = nil, line: Int? = nil) {
        self.kind = kind
        self.message = message
        self.part = part
        self.line = line
    }

    /// The error an XML part's tokenizer raised, told as a problem of that part.
    init(xml error: XMLError, part: String) {
        switch error.kind {
        case .invalidEncoding:
            self.init(
                .xml(error.kind),
                "the part \(part) holds bytes that are not valid UTF-8 XML; the workbook is damaged:"
                    + " open it in Excel or LibreOffice and save it again as .xlsx",
                part: part, line: error.line)
        case .read:
            self.init(.read, error.message, part: part, line: error.line)
        default:
            self.init(.xml(error.kind), "in the part \(part): \(error.message)", part: part, line: error.line)
        }
    }

    /// Stable code for the result's `error.code`.
    public var code: String {
        switch kind {
        case .notZip: "xlsx_not_zip"
        case .encrypted: "xlsx_encrypted"
        case .legacyWorkbook: "xlsx_legacy_xls"
        case .macroEnabled: "xlsx_macro_enabled"
        case .damaged: "xlsx_damaged"
        case .unsafeEntry: "xlsx_unsafe_entry"
        case .unsupportedCompression: "xlsx_unsupported_compression"
        case .bomb: "xlsx_bomb"
        case .missingPart: "xlsx_missing_part"
        case .noSheet: "xlsx_no_sheet"
        case .sheet: "xlsx_sheet"
        case .xml(let kind): XMLError(kind, "", line: nil).code
        case .read: "read"
        }
    }

    /// One line: the part's line when known, then the message.
    public var description: String {
        if let line, let part { return "\(part) line \(line): \(message)" }
        return message
    }
}
