/// The part of `xl/styles.xml` the reader needs: for each cell format (`cellXfs`,
/// indexed by a cell's `s`), whether its number format is a date or a time.
struct XLSXStyles {
    /// The kind of each cell format, by index; a missing index is a number.
    private(set) var formats: [XLSXNumberFormat] = []

    /// The kind of cell format `index`.
    @inline(__always)
    func format(_ index: Int) -> XLSXNumberFormat {
        index >= 0 && index < formats.count ? formats[index] : .number
    }

    /// Reads `<numFmts>` and `<cellXfs>` from the styles part.
    static func read(_ part: XLSXPartScanner, limits: XLSXLimits) throws(XLSXError) -> XLSXStyles {
        var custom: [Int: XLSXNumberFormat] = [:]
        var styles = XLSXStyles()
        var inCellFormats = false
        var cellFormatsDepth = 0
        while true {
            switch try part.next() {
            case .startTag:
                if part.isElement("numFmt"), let id = part.string("numFmtId").flatMap({ Int($0) }) {
                    custom[id] = XLSXNumberFormat.custom(part.value("formatCode") ?? [])
                } else if part.isElement("cellXfs") {
                    inCellFormats = true
                    cellFormatsDepth = part.scanner.depth
                } else if inCellFormats && part.isElement("xf") && part.scanner.depth == cellFormatsDepth + 1 {
                    guard styles.formats.count < limits.maxEntries * 10 else {
                        throw XLSXError(.sheet, "the styles part holds more than \(limits.maxEntries * 10) cell formats", part: part.part)
                    }
                    let id = part.string("numFmtId").flatMap { Int($0) } ?? 0
                    styles.formats.append(custom[id] ?? XLSXNumberFormat.builtIn(id))
                }
            case .endTag:
                if inCellFormats && part.scanner.depth < cellFormatsDepth { inCellFormats = false }
            case .end:
                return styles
            default:
                continue
            }
        }
    }
}
