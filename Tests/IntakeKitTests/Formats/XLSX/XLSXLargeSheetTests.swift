import Foundation
import Testing

@testable import IntakeKit

/// Reads a large workbook named by `INTAKE_XLSX_BENCH` (made by
/// tests/fixtures-tools/make_large_xlsx.py) and prints rows, time and peak RSS.
/// Skipped unless the variable is set.
@Suite struct XLSXLargeSheetTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["INTAKE_XLSX_BENCH"] != nil))
    func largeSheetStreamsInFlatMemory() throws {
        let path = try #require(ProcessInfo.processInfo.environment["INTAKE_XLSX_BENCH"])
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let before = usage.ru_maxrss / 1024
        let start = Date()
        let workbook = try XLSXWorkbook.open(file: try FileDescriptor.openForReading(path))
        let opened = Date().timeIntervalSince(start)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let afterOpen = usage.ru_maxrss / 1024
        let reader = try workbook.rows(of: try #require(workbook.firstVisibleSheet))
        var rows = 0
        var bytes = 0
        var early = 0
        while try reader.advance() {
            rows += 1
            if rows == 100_000 {
                getrusage(RUSAGE_SELF.rawValue, &usage)
                early = usage.ru_maxrss / 1024
            }
            for column in 0..<reader.fieldCount { bytes += reader.field(column).count }
        }
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print(
            "xlsx bench: \(rows) rows, \(bytes) value bytes, open \(String(format: "%.2f", opened)) s,"
                + " total \(String(format: "%.2f", Date().timeIntervalSince(start))) s,"
                + " shared strings spilled: \(workbook.sharedStrings.isSpilled), peak RSS \(before) MiB before opening,"
                + " \(afterOpen) MiB once open, \(early) MiB at 100,000 rows, \(usage.ru_maxrss / 1024) MiB at the end")
        #expect(rows > 0)
    }
}
