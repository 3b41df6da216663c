import IntakeCore
import IntakeSystem
/// The package structure of a workbook (Open Packaging Conventions): content
/// types, relationships, the workbook part, and the shared strings.
enum XLSXPackage {
    /// A relationship of a `.rels` part.
    struct Relationship {
        var id: String
        /// The type's last path segment: `worksheet`, `sharedStrings`, `styles`, `officeDocument`.
        var kind: String
        /// The target resolved to a part name (`xl/worksheets/sheet1.xml`); nil for an external one.
        var target: String?
    }

    /// What `workbook.xml` says.
    struct WorkbookInfo {
        var date1904 = false
        /// `<calcPr fullCalcOnLoad="1"/>`: the writer asks for every formula to be
        /// calculated on opening (its cached values may be placeholders).
        var fullCalcOnLoad = false
        var sheets: [(name: String, state: String, relationship: String)] = []
    }

    /// The workbook's main part name from `[Content_Types].xml`; refuses macro-enabled and binary workbooks.
    static func mainPart(_ part: XLSXPartScanner) throws(XLSXError) -> String? {
        var main: String?
        var other: String?
        while true {
            switch try part.next() {
            case .startTag where part.isElement("Override") || part.isElement("Default"):
                let type = part.string("ContentType") ?? ""
                if type.contains("macroEnabled") || type.contains("sheet.binary") {
                    throw XLSXError(
                        .macroEnabled,
                        "the workbook is macro-enabled or binary (.xlsm or .xlsb); Intake reads plain workbooks:"
                            + " save it as Excel Workbook (.xlsx)")
                }
                guard let name = part.string("PartName") else { continue }
                if type.hasSuffix("spreadsheetml.sheet.main+xml") || type.hasSuffix("spreadsheetml.template.main+xml") {
                    main = name
                } else if type.hasSuffix("wordprocessingml.document.main+xml") || type.hasSuffix("presentationml.presentation.main+xml") {
                    other = name
                }
            case .end:
                if main == nil, other != nil {
                    throw XLSXError(
                        .missingPart,
                        "the file is a Word document or a PowerPoint presentation, not a workbook; drop an .xlsx workbook")
                }
                return main.map { resolve($0, from: "") }
            default:
                continue
            }
        }
    }

    /// Most relationships kept from one `.rels` part (a workbook has a few per sheet).
    static let maxRelationships = 100_000

    /// The relationships of a `.rels` part; targets resolved against `base` (the source part's folder).
    static func relationships(_ part: XLSXPartScanner, base: String) throws(XLSXError) -> [Relationship] {
        var found: [Relationship] = []
        while true {
            switch try part.next() {
            case .startTag where part.isElement("Relationship") && found.count < maxRelationships:
                guard let id = part.string("Id"), let type = part.string("Type"), let target = part.string("Target") else {
                    continue
                }
                let external = part.string("TargetMode") == "External"
                let kind = type.split(separator: "/").last.map(String.init) ?? ""
                found.append(Relationship(id: id, kind: kind, target: external ? nil : resolve(target, from: base)))
            case .end:
                return found
            default:
                continue
            }
        }
    }

    /// The sheets, the date system and the calculation flag of `workbook.xml`.
    static func workbook(_ part: XLSXPartScanner, limits: XLSXLimits) throws(XLSXError) -> WorkbookInfo {
        var info = WorkbookInfo()
        while true {
            switch try part.next() {
            case .startTag where part.isElement("workbookPr"):
                let flag = part.string("date1904")
                info.date1904 = flag == "1" || flag == "true"
            case .startTag where part.isElement("calcPr"):
                let flag = part.string("fullCalcOnLoad")
                info.fullCalcOnLoad = flag == "1" || flag == "true"
            case .startTag where part.isElement("sheet"):
                guard info.sheets.count < limits.maxEntries else { continue }
                info.sheets.append((
                    part.string("name") ?? "", part.string("state") ?? "visible", part.string("id", prefixed: true) ?? ""))
            case .end:
                return info
            default:
                continue
            }
        }
    }

    /// Reads every `<si>` of the shared strings part into `strings`.
    static func sharedStrings(_ part: XLSXPartScanner, into strings: XLSXSharedStrings, limits: XLSXLimits) throws(XLSXError) {
        var text = XLSXText()
        var roles: [XLSXTextRole] = []
        var itemDepth = -1
        while true {
            switch try part.next() {
            case .startTag:
                if itemDepth < 0 {
                    if part.isElement("si") {
                        itemDepth = part.scanner.depth
                        text.begin()
                    }
                } else {
                    roles.append(text.start(part))
                }
            case .endTag:
                if itemDepth < 0 { continue }
                if part.scanner.depth < itemDepth {
                    itemDepth = -1
                    try strings.append(text.finish())
                } else if let role = roles.popLast() {
                    text.end(role)
                }
            case .text:
                if itemDepth >= 0 { try text.text(part, limit: limits.maxCellBytes) }
            case .end:
                try strings.finish()
                return
            default:
                continue
            }
        }
    }

    /// `target` as a part name: absolute (`/xl/x.xml`) or relative to `base`
    /// (`xl/`), with `.` and `..` resolved (never above the package's root).
    static func resolve(_ target: String, from base: String) -> String {
        let joined = target.hasPrefix("/") ? String(target.dropFirst()) : base + target
        var components: [Substring] = []
        for component in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == ".." {
                _ = components.popLast()
                continue
            }
            components.append(component)
        }
        return components.joined(separator: "/")
    }

    /// The folder of a part name, with its `/` (`xl/` for `xl/workbook.xml`).
    static func folder(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "" }
        return String(part[...slash])
    }

    /// The relationships part of `part` (`xl/_rels/workbook.xml.rels`).
    static func relationshipsPart(of part: String) -> String {
        let name = part.split(separator: "/").last.map(String.init) ?? part
        return folder(of: part) + "_rels/" + name + ".rels"
    }
}
