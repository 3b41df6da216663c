import IntakeSystem
import IntakeCore
extension DocumentFormat {
    /// An Excel workbook (`.xlsx`, Office Open XML SpreadsheetML).
    public static let xlsx = DocumentFormat(rawValue: "xlsx")
}

/// Excel workbooks for every import type: the worksheet named like the type
/// (else the first visible one) is the table, its header found like a CSV
/// header (``HeaderSearch``: below a title or merged group headings, aliases
/// included); `line` is the
/// worksheet row and a failed field's cell (`C17`) is the errors CSV's `path`.
/// The rejected file is a CSV (UTF-8 with a BOM) of the header and the failed
/// rows' values, to fix and drop again.
///
/// The file is hashed in one sequential pass before the ZIP is read at random
/// (see ``DocumentInput/file``). Workbooks Intake does not read (`.xls`,
/// `.xlsm`, `.xlsb`, `.xltm`, `.ods`) are refused by their name
/// (``refusal(forExtension:)``), before anything is read.
struct XLSXHandler: DocumentHandler {
    /// Bytes read per call while hashing the file.
    static let hashChunk = 1 << 20

    var format: DocumentFormat { .xlsx }
    /// A workbook is compressed: its size says nothing of its rows.
    var sizePredictsRows: Bool { false }
    var extensions: [String] { ["xlsx"] }

    /// Why a drop with extension `ext` is refused unread: a workbook kind that
    /// is not `.xlsx`, with how to save it instead; nil for any other extension.
    func refusal(forExtension ext: String) -> String? {
        XLSXContainerCheck.refusal(forExtension: ext)?.message
    }

    func open(_ input: DocumentInput) throws -> OpenedXLSX {
        var limits = XLSXLimits(maxFileBytes: input.maxFileBytes)
        let workbook: XLSXWorkbook
        if let layered = try input.wholeLayeredDocument() {
            // Inside a layer (`june.xlsx.pgp`): held in memory, shared strings
            // included, so that no decrypted or inflated byte reaches the disk.
            limits.sharedStringsInMemory = .max
            workbook = try XLSXWorkbook.open(source: MemoryRandomAccessSource(layered), limits: limits)
        } else {
            try XLSXHandler.hash(input.file, into: input.observer)
            workbook = try XLSXWorkbook.open(file: input.file, limits: limits)
        }
        guard let sheet = workbook.sheet(forImportType: input.type.name) else {
            throw XLSXError(
                .noSheet,
                "the workbook has no visible worksheet with cells (\(workbook.sheets.count) sheet"
                    + "\(workbook.sheets.count == 1 ? "" : "s"), hidden or charts); put the table on a visible worksheet")
        }
        let reader = try workbook.rows(of: sheet)
        var search = HeaderSearch(schema: input.schema, aliases: input.settings.columnAliases)
        var found: (mapping: HeaderMapping, header: [String])?
        while found == nil, try reader.advance() {
            let header = (0..<reader.fieldCount).map { String(decoding: reader.field($0), as: UTF8.self) }
            let context = HeaderMapping.Context(line: reader.rowNumber, sheet: sheet.name)
            found = try search.consider(header, context: context).map { ($0, header) }
        }
        guard let (mapping, header) = found else {
            throw search.exhausted() ?? DocumentFailure(
                "empty", "the worksheet \"\(sheet.name)\" has no rows; put the header in its first row and the records below it",
                line: 1)
        }
        let cursor = XLSXRowCursor(
            workbook: workbook, reader: reader, mapping: mapping, header: header,
            fields: input.schema.fields, decimalComma: input.settings.decimalComma)
        return OpenedXLSX(cursor: cursor, header: header, sheetName: sheet.name, schema: input.schema)
    }

    /// Passes every byte of `file` once, in order, to `observer` (the job's
    /// size and SHA-256), through one reused buffer: memory stays flat.
    static func hash(_ file: FileDescriptor, into observer: ReadObserver) throws(SystemError) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: hashChunk, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try file.read(into: buffer)
            if count == 0 { return }
            // A ZIP holds NUL bytes: they say nothing about its text.
            observer.observe(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), nulIsBinary: false)
        }
    }
}
