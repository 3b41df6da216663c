import Foundation
import IntakeSystem
import IntakeCore

/// An Excel workbook (`.xlsx`, Office Open XML SpreadsheetML, ISO/IEC 29500)
/// opened for reading its worksheets row by row.
///
/// Opening reads the ZIP directory (see ``ZipArchive`` for what is refused),
/// `[Content_Types].xml`, the workbook part and its relationships, the styles
/// (which cell formats are dates) and the shared strings (moved to a temporary
/// file when large). Worksheets are then read one row at a time by
/// ``XLSXRowReader``. Every XML part goes through Intake's own tokenizer: a DTD
/// or an entity other than XML's five fails the workbook, as in an XML drop.
///
/// Not handled, deliberately: formulas are not evaluated (their cached value is
/// read; one never calculated reads as ``XLSXCellKind/uncalculatedFormula``), merged cells are not spread, macros and external links are never
/// followed, `.xls`, `.xlsb`, `.xlsm`, `.ods` and password-protected files are
/// refused with a message saying how to save them. Not thread-safe.
public final class XLSXWorkbook {
    /// The sheets in tab order, hidden ones included.
    public let sheets: [XLSXSheet]
    /// The date system of the workbook's serial numbers.
    public let dateSystem: XLSXDateSystem
    /// Whether the workbook asks to be recalculated on opening (`<calcPr
    /// fullCalcOnLoad="1"/>`, as xlsxwriter and openpyxl write every workbook):
    /// a formula's cached `0` or empty value is then the writer's placeholder.
    public let recalculatesOnLoad: Bool
    let archive: ZipArchive
    let styles: XLSXStyles
    let sharedStrings: XLSXSharedStrings
    let limits: XLSXLimits

    private init(
        sheets: [XLSXSheet], dateSystem: XLSXDateSystem, recalculatesOnLoad: Bool, archive: ZipArchive,
        styles: XLSXStyles, sharedStrings: XLSXSharedStrings, limits: XLSXLimits
    ) {
        self.sheets = sheets
        self.dateSystem = dateSystem
        self.recalculatesOnLoad = recalculatesOnLoad
        self.archive = archive
        self.styles = styles
        self.sharedStrings = sharedStrings
        self.limits = limits
    }

    /// Opens the workbook in `file` (read with `pread`, the file offset untouched).
    /// - Parameters:
    ///   - limits: the bomb and size limits; set `maxPartBytes` to the workspace's `max_file_bytes`.
    ///   - temporaryDirectory: where large shared-string tables are kept (as unnamed files).
    /// - Throws: ``XLSXError`` for a file that is no readable workbook.
    public static func open(
        file: FileDescriptor, limits: XLSXLimits = XLSXLimits(),
        temporaryDirectory: String = FileManager.default.temporaryDirectory.path
    ) throws(XLSXError) -> XLSXWorkbook {
        try open(source: try FileRandomAccessSource(file), limits: limits, temporaryDirectory: temporaryDirectory)
    }

    /// Opens the workbook held by `source`; see ``open(file:limits:temporaryDirectory:)``.
    public static func open(
        source: any RandomAccessSource, limits: XLSXLimits = XLSXLimits(),
        temporaryDirectory: String = FileManager.default.temporaryDirectory.path
    ) throws(XLSXError) -> XLSXWorkbook {
        try XLSXContainerCheck.refuseOLE(source)
        let archive = try ZipArchive(source: source, limits: limits)
        guard let types = archive.entry(named: "[Content_Types].xml") else {
            if archive.entry(named: "mimetype") != nil {
                throw XLSXError(
                    .missingPart,
                    "the file is an OpenDocument spreadsheet (.ods), not an .xlsx workbook; save it as Excel 2007-365 (.xlsx)")
            }
            throw XLSXError(
                .missingPart,
                "the file is a ZIP archive but not an .xlsx workbook (it has no [Content_Types].xml);"
                    + " open it in Excel or LibreOffice and save it as .xlsx")
        }
        let main = try XLSXPackage.mainPart(XLSXPartScanner(archive: archive, entry: types, limits: limits)) ?? "xl/workbook.xml"
        let workbookPart = try required(main, in: archive)
        let info = try XLSXPackage.workbook(XLSXPartScanner(archive: archive, entry: workbookPart, limits: limits), limits: limits)
        var relationships: [XLSXPackage.Relationship] = []
        if let rels = archive.entry(named: XLSXPackage.relationshipsPart(of: main)) {
            relationships = try XLSXPackage.relationships(
                XLSXPartScanner(archive: archive, entry: rels, limits: limits), base: XLSXPackage.folder(of: main))
        }
        var byID: [String: XLSXPackage.Relationship] = [:]
        for relationship in relationships { byID[relationship.id] = relationship }
        let sheets = info.sheets.enumerated().map { index, sheet in
            let relationship = byID[sheet.relationship]
            let part = relationship?.kind == "worksheet" ? relationship?.target : nil
            let visibility: XLSXSheet.Visibility =
                switch sheet.state {
                case "hidden": .hidden
                case "veryHidden": .veryHidden
                default: .visible
                }
            return XLSXSheet(name: sheet.name, index: index, visibility: visibility, part: part)
        }
        var styles = XLSXStyles()
        if let target = relationships.first(where: { $0.kind == "styles" })?.target, let entry = archive.entry(named: target) {
            styles = try XLSXStyles.read(XLSXPartScanner(archive: archive, entry: entry, limits: limits), limits: limits)
        }
        let strings = XLSXSharedStrings(memoryLimit: limits.sharedStringsInMemory, temporaryDirectory: temporaryDirectory)
        if let target = relationships.first(where: { $0.kind == "sharedStrings" })?.target {
            let entry = try required(target, in: archive)
            try XLSXPackage.sharedStrings(XLSXPartScanner(archive: archive, entry: entry, limits: limits), into: strings, limits: limits)
        }
        return XLSXWorkbook(
            sheets: sheets, dateSystem: info.date1904 ? .from1904 : .from1900, recalculatesOnLoad: info.fullCalcOnLoad,
            archive: archive, styles: styles, sharedStrings: strings, limits: limits)
    }

    private static func required(_ name: String, in archive: ZipArchive) throws(XLSXError) -> ZipEntry {
        guard let entry = archive.entry(named: name) else {
            throw XLSXError(
                .missingPart,
                "the workbook has no part \(name), which it refers to; it is damaged or was not written by a"
                    + " spreadsheet program: open it in Excel or LibreOffice and save it again",
                part: name)
        }
        return entry
    }

    /// The sheet named `name` (ignoring case and surrounding spaces), hidden or not.
    public func sheet(named name: String) -> XLSXSheet? {
        let wanted = HeaderMapping.normalize(name)
        return sheets.first { HeaderMapping.normalize($0.name) == wanted }
    }

    /// The first sheet in tab order that is visible and has cells.
    public var firstVisibleSheet: XLSXSheet? {
        sheets.first { $0.isReadable }
    }

    /// The table for an import type: the visible worksheet named like the type
    /// (`Payments History` for `payments_history`), else the first visible one.
    public func sheet(forImportType type: String) -> XLSXSheet? {
        let wanted = HeaderMapping.normalize(type)
        return sheets.first { $0.isReadable && HeaderMapping.normalize($0.name) == wanted } ?? firstVisibleSheet
    }

    /// A reader of `sheet`'s rows. Throws `no_sheet` when it is a chart sheet or has no part.
    public func rows(of sheet: XLSXSheet) throws(XLSXError) -> XLSXRowReader {
        guard let name = sheet.part, let entry = archive.entry(named: name) else {
            throw XLSXError(
                .noSheet,
                "the sheet \"\(sheet.name)\" has no cells to read (a chart sheet, or its part is missing);"
                    + " put the table on a worksheet")
        }
        return try XLSXRowReader(workbook: self, part: XLSXPartScanner(archive: archive, entry: entry, limits: limits))
    }
}

@available(*, unavailable)
extension XLSXWorkbook: Sendable {}
