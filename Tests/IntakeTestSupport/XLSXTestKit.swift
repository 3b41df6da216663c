import Foundation
import Testing

import IntakeKit

/// Shared helpers for the workbook tests: the committed fixtures (made by
/// tests/fixtures-tools/make-xlsx-fixtures.sh) and reading a sheet to the end.
package enum XLSXTestKit {
    /// The bytes of fixture `name` in Fixtures/XLSX.
    package static func fixture(_ name: String) throws -> [UInt8] {
        try Fixture.bytes(name, in: "XLSX")
    }

    /// Opens the workbook in `bytes`, read `chunk` bytes per positional read.
    package static func open(_ bytes: [UInt8], chunk: Int = .max, limits: XLSXLimits = XLSXLimits()) throws(XLSXError) -> XLSXWorkbook {
        try XLSXWorkbook.open(source: MemoryRandomAccessSource(bytes, maxChunk: chunk), limits: limits)
    }

    /// Every row of `sheet`, read to the end (so the part's CRC is checked).
    package static func rows(_ workbook: XLSXWorkbook, _ sheet: XLSXSheet?) throws -> [XLSXRow] {
        let reader = try workbook.rows(of: try #require(sheet))
        var rows: [XLSXRow] = []
        while let row = try reader.next() { rows.append(row) }
        return rows
    }

    /// Opens fixture `name` and reads its sheet for `type` (the first visible one by default).
    package static func read(_ name: String, type: String = "", chunk: Int = .max) throws -> [XLSXRow] {
        let workbook = try open(try fixture(name), chunk: chunk)
        return try rows(workbook, workbook.sheet(forImportType: type))
    }

    /// The error opening and reading every visible sheet of `bytes` throws, or nil when all read.
    package static func failure(_ bytes: [UInt8], limits: XLSXLimits = XLSXLimits()) -> XLSXError? {
        do throws(XLSXError) {
            let workbook = try open(bytes, limits: limits)
            for sheet in workbook.sheets where sheet.part != nil {
                let reader = try workbook.rows(of: sheet)
                while try reader.advance() {}
            }
            return nil
        } catch {
            return error
        }
    }
}
