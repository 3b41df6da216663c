// libFuzzer harness for the .xlsx reader (ZIP container, inflate, workbook parts,
// shared strings, worksheet rows) and the handler's row cursor: see fuzz/README.md.

// The limits of each profile: Tests/IntakeFormatsTests/XLSX/XLSXFuzzLimits.swift (shared with the corpus replay).

@_cdecl("LLVMFuzzerTestOneInput")
public func xlsxFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let input = FuzzInput(data, size) else { return 0 }
    let source = MemoryRandomAccessSource(input.document, maxChunk: input.chunk)
    var sum: UInt64 = 0
    let workbook: XLSXWorkbook
    do {
        workbook = try XLSXWorkbook.open(source: source, limits: xlsxFuzzLimits(input.profile))
    } catch {
        touch(error.description, &sum)
        touch(error.code, &sum)
        sink(sum)
        return 0
    }
    for sheet in workbook.sheets {
        touch(sheet.name, &sum)
        touch(sheet.part ?? "", &sum)
    }
    // Bit 5: read the table the way a payments drop is read (header mapping, cursor, CSV lines).
    if input.flags & 1 == 1 {
        readAsDrop(workbook, &sum)
    } else {
        for sheet in workbook.sheets where sheet.part != nil {
            readSheet(workbook, sheet, &sum)
        }
    }
    sink(sum)
    return 0
}

/// Reads every row of `sheet`, checking the reader's contracts.
func readSheet(_ workbook: XLSXWorkbook, _ sheet: XLSXSheet, _ sum: inout UInt64) {
    let reader: XLSXRowReader
    do {
        reader = try workbook.rows(of: sheet)
    } catch {
        touch(error.description, &sum)
        return
    }
    var last = 0
    do {
        while try reader.advance() {
            guard reader.rowNumber > last, reader.rowNumber <= XLSXCellReference.maxRows else {
                fatalError("row \(reader.rowNumber) after \(last)")
            }
            last = reader.rowNumber
            guard reader.fieldCount > 0, reader.kind(reader.fieldCount - 1) != .empty else {
                fatalError("a row ends with an empty cell or has none")
            }
            for column in 0..<reader.fieldCount {
                touch(reader.field(column), &sum)
                sum = sum &+ UInt64(reader.kind(column).rawValue)
            }
            touch(reader.reference(reader.fieldCount - 1), &sum)
            guard reader.field(reader.fieldCount).isEmpty, reader.kind(-1) == .empty else {
                fatalError("a value past the row's cells")
            }
        }
        guard try !reader.advance() else { fatalError("a row after the end") }
    } catch {
        touch(error.description, &sum)
        expectSticky(error) { () throws(XLSXError) in try reader.advance() }
    }
}

/// Reads the payments table through the handler's cursor, as a drop is.
func readAsDrop(_ workbook: XLSXWorkbook, _ sum: inout UInt64) {
    guard let sheet = workbook.sheet(forImportType: "payments") else { return }
    do {
        let reader = try workbook.rows(of: sheet)
        guard try reader.advance() else { return }
        let header = (0..<reader.fieldCount).map { String(decoding: reader.field($0), as: UTF8.self) }
        let schema = ImportType.payments.schema
        guard let mapping = try? HeaderMapping(header: header, schema: schema) else { return }
        let cursor = XLSXRowCursor(workbook: workbook, reader: reader, mapping: mapping, header: header)
        var issues: [Issue] = []
        while try cursor.next() {
            for field in schema.fields.indices { touch(cursor.rawValue(field) ?? UnsafeBufferPointer(start: nil, count: 0), &sum) }
            issues.removeAll()
            cursor.shapeIssues(into: &issues)
            for issue in issues { touch(issue.description, &sum) }
            let line = cursor.raw
            guard line.count >= 2, line[line.count - 2] == 0x0D, line[line.count - 1] == 0x0A else {
                fatalError("a rejected CSV line without its CRLF")
            }
            touch(line, &sum)
            sum = sum &+ UInt64(cursor.reportedLine ?? 0) &+ UInt64(cursor.bytesRead)
        }
    } catch {
        touch(String(describing: error), &sum)
    }
}
