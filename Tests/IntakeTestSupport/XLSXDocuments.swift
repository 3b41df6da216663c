import Foundation

/// Minimal `.xlsx` workbooks written by the tests: stored (uncompressed) ZIP
/// entries in the ECMA-376 layout, text as inline or shared strings, numbers,
/// dates (serials with a date format) and hidden sheets. Enough for records
/// of every type to be dropped as workbooks; the committed fixtures cover what
/// real spreadsheet programs write.
package enum XLSXDocuments {
    /// One cell.
    package enum Cell {
        /// Text (an inline string, or a shared one when the workbook uses them).
        case text(String)
        /// A number, written as given (`19.989999999999998`).
        case number(String)
        /// A 1900-system date serial with the built-in date format 14.
        case date(Int)
        /// A formula (`<f>`) with its cached value (`<v>`), or none.
        case formula(String, cached: String?)
    }

    /// One worksheet.
    package struct Sheet {
        package var name: String
        package var hidden = false
        /// Rows from row `firstRow` on; a nil cell is left out.
        package var rows: [[Cell?]]
        package var firstRow = 1

        package init(name: String, hidden: Bool = false, rows: [[Cell?]], firstRow: Int = 1) {
            self.name = name
            self.hidden = hidden
            self.rows = rows
            self.firstRow = firstRow
        }
    }

    /// A workbook of one sheet `name` holding `records` as text, the union of
    /// their names as the header (as ``RecordDocuments/csv(_:)`` writes them).
    package static func records(_ records: [TestFields], sheet name: String = "Sheet1", sharedStrings: Bool = false) -> [UInt8] {
        var names: [String] = []
        for record in records { for (field, _) in record where !names.contains(field) { names.append(field) } }
        var rows: [[Cell?]] = [names.map { .text($0) }]
        for record in records {
            rows.append(names.map { field in (record.first { $0.0 == field }?.1).map { .text($0) } })
        }
        return workbook([Sheet(name: name, rows: rows)], sharedStrings: sharedStrings)
    }

    /// The workbook of `sheets` in tab order; `fullCalcOnLoad` asks for a
    /// recalculation on opening, as xlsxwriter and openpyxl do.
    package static func workbook(_ sheets: [Sheet], sharedStrings: Bool = false, fullCalcOnLoad: Bool = false) -> [UInt8] {
        var strings: [String] = []
        var index: [String: Int] = [:]
        var parts: [(String, String)] = []
        parts.append(("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            </Types>
            """))
        parts.append(("_rels/.rels", relationships([("officeDocument", "xl/workbook.xml")])))
        var list = ""
        var targets: [(String, String)] = []
        for (number, sheet) in sheets.enumerated() {
            let state = sheet.hidden ? " state=\"hidden\"" : ""
            list += "<sheet name=\"\(escaped(sheet.name))\" sheetId=\"\(number + 1)\"\(state) r:id=\"rId\(number + 1)\"/>"
            targets.append(("worksheet", "worksheets/sheet\(number + 1).xml"))
            var data = ""
            for (offset, row) in sheet.rows.enumerated() {
                let r = sheet.firstRow + offset
                data += "<row r=\"\(r)\">"
                for (column, cell) in row.enumerated() {
                    guard let cell else { continue }
                    let ref = columnName(column) + String(r)
                    switch cell {
                    case .text(let text) where sharedStrings:
                        let at = index[text] ?? strings.count
                        if index[text] == nil {
                            index[text] = at
                            strings.append(text)
                        }
                        data += "<c r=\"\(ref)\" t=\"s\"><v>\(at)</v></c>"
                    case .text(let text):
                        data += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escaped(text))</t></is></c>"
                    case .number(let text):
                        data += "<c r=\"\(ref)\"><v>\(text)</v></c>"
                    case .date(let serial):
                        data += "<c r=\"\(ref)\" s=\"1\"><v>\(serial)</v></c>"
                    case .formula(let formula, let cached):
                        data += "<c r=\"\(ref)\"><f>\(escaped(formula))</f>\(cached.map { "<v>\($0)</v>" } ?? "")</c>"
                    }
                }
                data += "</row>"
            }
            parts.append(("xl/worksheets/sheet\(number + 1).xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\(data)</sheetData></worksheet>
                """))
        }
        targets.append(("styles", "styles.xml"))
        parts.append(("xl/styles.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>
            """))
        if sharedStrings {
            targets.append(("sharedStrings", "sharedStrings.xml"))
            let items = strings.map { "<si><t xml:space=\"preserve\">\(escaped($0))</t></si>" }.joined()
            parts.append(("xl/sharedStrings.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="\(strings.count)" uniqueCount="\(strings.count)">\(items)</sst>
                """))
        }
        parts.append(("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\(list)</sheets>\
            \(fullCalcOnLoad ? "<calcPr calcId=\"124519\" fullCalcOnLoad=\"1\"/>" : "")</workbook>
            """))
        parts.append(("xl/_rels/workbook.xml.rels", relationships(targets)))
        return zip(parts.map { ($0.0, Array($0.1.utf8)) })
    }

    package static func relationships(_ targets: [(kind: String, target: String)]) -> String {
        let base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        let items = targets.enumerated().map { index, item in
            "<Relationship Id=\"rId\(index + 1)\" Type=\"\(base)\(item.kind)\" Target=\"\(item.target)\"/>"
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(items)</Relationships>
            """
    }

    package static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// `A`, `B`, … `AA` for 0-based `column`.
    package static func columnName(_ column: Int) -> String {
        var letters = ""
        var rest = column + 1
        while rest > 0 {
            rest -= 1
            letters = String(UnicodeScalar(UInt8(65 + rest % 26))) + letters
            rest /= 26
        }
        return letters
    }

    /// A ZIP archive of `entries`, stored (method 0), with CRC-32s.
    package static func zip(_ entries: [(name: String, bytes: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        func u16(_ v: Int, _ to: inout [UInt8]) { to += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func u32(_ v: UInt32, _ to: inout [UInt8]) { for shift in [0, 8, 16, 24] { to.append(UInt8((v >> UInt32(shift)) & 0xFF)) } }
        for (name, bytes) in entries {
            let offset = UInt32(out.count)
            let crc = crc32(bytes)
            let nameBytes = Array(name.utf8)
            u32(0x0403_4B50, &out)
            for value in [20, 0, 0, 0, 0x21] { u16(value, &out) }
            u32(crc, &out)
            u32(UInt32(bytes.count), &out)
            u32(UInt32(bytes.count), &out)
            u16(nameBytes.count, &out)
            u16(0, &out)
            out += nameBytes + bytes
            u32(0x0201_4B50, &central)
            for value in [20, 20, 0, 0, 0, 0x21] { u16(value, &central) }
            u32(crc, &central)
            u32(UInt32(bytes.count), &central)
            u32(UInt32(bytes.count), &central)
            for value in [nameBytes.count, 0, 0, 0, 0] { u16(value, &central) }
            u32(0, &central)
            u32(offset, &central)
            central += nameBytes
        }
        let directoryOffset = UInt32(out.count)
        out += central
        u32(0x0605_4B50, &out)
        for value in [0, 0, entries.count, entries.count] { u16(value, &out) }
        u32(UInt32(central.count), &out)
        u32(directoryOffset, &out)
        u16(0, &out)
        return out
    }

    /// CRC-32 (ISO-HDLC, as ZIP uses).
    package static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
