import Foundation
import Testing

@testable import IntakeFormats
@testable import IntakeKit
@testable import IntakeSystem
import IntakeTestSupport

/// Shared strings past the memory limit move to temporary files; a workbook
/// opened from a real file descriptor reads the same.
@Suite struct XLSXSharedStringsTests {
    @Test func spilledSharedStringsReadTheSameAsInMemory() throws {
        let bytes = try XLSXTestKit.fixture("libreoffice-payments.xlsx")
        var limits = XLSXLimits()
        limits.sharedStringsInMemory = 64
        let spilled = try XLSXTestKit.open(bytes, limits: limits)
        #expect(spilled.sharedStrings.isSpilled)
        let inMemory = try XLSXTestKit.open(bytes)
        #expect(!inMemory.sharedStrings.isSpilled)
        #expect(try XLSXTestKit.rows(spilled, spilled.firstVisibleSheet) == XLSXTestKit.rows(inMemory, inMemory.firstVisibleSheet))
    }

    @Test func spillFilesHoldEveryStringInOrder() throws {
        let directory = FileManager.default.temporaryDirectory.path + "/xlsx-spill-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let strings = XLSXSharedStrings(memoryLimit: 100, temporaryDirectory: directory)
        let values = (0..<5000).map { Array("value \($0) \(String(repeating: "é", count: $0 % 7))".utf8) } + [[]]
        for value in values { try strings.append(value) }
        try strings.finish()
        #expect(strings.isSpilled)
        // The spill files have no names: nothing is left in the folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
        for index in [0, 1, 2, 999, 4999, 5000] {
            var out: [UInt8] = [0x41]
            #expect(try strings.append(string: index, to: &out))
            #expect(out == [0x41] + values[index], "string \(index)")
        }
        var out: [UInt8] = []
        #expect(try strings.append(string: 5001, to: &out) == false)
        #expect(try strings.append(string: -1, to: &out) == false)
    }

    /// Spilled strings are read through a block cache: strings longer than a
    /// block, strings across block boundaries and lookups in any order (slots
    /// evicted and read again) give back exactly what was written.
    @Test func spilledLookupsInAnyOrderCrossingBlocksReadBack() throws {
        let strings = XLSXSharedStrings(memoryLimit: 0, temporaryDirectory: FileManager.default.temporaryDirectory.path)
        var generator = SystemRandomNumberGenerator()
        let block = XLSXReadCache.blockSize
        let values: [[UInt8]] = (0..<3000).map { index in
            let length = index % 97 == 0 ? block * 3 + index : (index * 37) % 700
            return (0..<length).map { UInt8(truncatingIfNeeded: $0 &+ index) }
        }
        for value in values { try strings.append(value) }
        try strings.finish()
        let order = Array(values.indices) + values.indices.reversed() + (0..<20_000).map { _ in Int.random(in: 0..<3000, using: &generator) }
        for index in order {
            var out: [UInt8] = []
            #expect(try strings.append(string: index, to: &out))
            guard out == values[index] else {
                Testing.Issue.record("string \(index) read back differs")
                return
            }
        }
    }

    @Test func workbookOpensFromAFileDescriptor() throws {
        let path = FileManager.default.temporaryDirectory.path + "/xlsx-fd-" + UUID().uuidString.prefix(8) + ".xlsx"
        try Data(try XLSXTestKit.fixture("openpyxl-1904.xlsx")).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try FileDescriptor.openForReading(path)
        let workbook = try XLSXWorkbook.open(file: file)
        let rows = try XLSXTestKit.rows(workbook, workbook.firstVisibleSheet)
        #expect(rows.count == 4)
        #expect(rows[3].values == ["time", "2026-12-31T23:59:59"])
    }
}
