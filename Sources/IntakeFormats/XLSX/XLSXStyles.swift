import IntakeCore
import IntakeSystem
/// The part of `xl/styles.xml` the reader needs: for each cell format (`cellXfs`,
/// indexed by a cell's `s`), whether its number format is a date or a time,
/// and the zero padding of those whose format pads whole numbers.
struct XLSXStyles {
    /// The kind of each cell format, by index; a missing index is a number.
    private(set) var formats: [XLSXNumberFormat] = []
    /// The cell formats whose number format pads with zeros, by index.
    private(set) var paddings: [Int: XLSXZeroPadding] = [:]

    /// The kind of cell format `index`.
    @inline(__always)
    func format(_ index: Int) -> XLSXNumberFormat {
        index >= 0 && index < formats.count ? formats[index] : .number
    }

    /// Whether any cell format pads with zeros.
    var hasPaddings: Bool { !paddings.isEmpty }

    /// The zero padding of cell format `index`; nil when its number format pads nothing.
    func padding(_ index: Int) -> XLSXZeroPadding? {
        paddings[index]
    }

    /// Reads `<numFmts>` and `<cellXfs>` from the styles part.
    static func read(_ part: XLSXPartScanner, limits: XLSXLimits) throws(XLSXError) -> XLSXStyles {
        var custom: [Int: XLSXNumberFormat] = [:]
        var customPaddings: [Int: XLSXZeroPadding] = [:]
        var styles = XLSXStyles()
        var inCellFormats = false
        var cellFormatsDepth = 0
        while true {
            switch try part.next() {
            case .startTag:
                if part.isElement("numFmt"), let id = part.string("numFmtId").flatMap({ Int($0) }) {
                    let code = part.value("formatCode") ?? []
                    custom[id] = XLSXNumberFormat.custom(code)
                    customPaddings[id] = XLSXZeroPadding(code)
                } else if part.isElement("cellXfs") {
                    inCellFormats = true
                    cellFormatsDepth = part.scanner.depth
                } else if inCellFormats && part.isElement("xf") && part.scanner.depth == cellFormatsDepth + 1 {
                    guard styles.formats.count < limits.maxEntries * 10 else {
                        throw XLSXError(.sheet, "the styles part holds more than \(limits.maxEntries * 10) cell formats", part: part.part)
                    }
                    let id = part.string("numFmtId").flatMap { Int($0) } ?? 0
                    styles.paddings[styles.formats.count] = customPaddings[id]
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
