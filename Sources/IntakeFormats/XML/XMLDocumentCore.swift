import IntakeCore
import IntakeSystem
/// The non-generic part of ``XMLRecordReader``: the scanner, the root detection
/// and the assembler of the detected form.
///
/// Stored properties are `@exclusivity(unchecked)`: the object is confined to one
/// reader on one thread (not Sendable) and no access to a property overlaps another
/// access to the same property; the dynamic checks cost 5× the throughput here.
final class XMLDocumentCore {
    /// What `step()` reached.
    enum Step {
        case record, needMore, finished
    }

    /// The namespace stem of ISO 20022 message schemas.
    static let isoStem = "urn:iso:std:iso:20022:tech:xsd:"
    /// The Swiss SIX Interbank Clearing namespaces of pain.001 (`….ch.02.xsd`).
    static let sixStem = "http://www.six-interbank-clearing.com/de/"
    static let rootHint =
        "Intake reads an ISO 20022 pain.001 <Document> (customer credit transfer initiation,"
        + " namespace urn:iso:std:iso:20022:tech:xsd:pain.001.001.03 to .11, the German DK pain.001.003.03"
        + " or the Swiss SIX http://www.six-interbank-clearing.com/de/pain.001.001.03.ch.02.xsd) or a flat"
        + " <records><record>…</record></records> file"

    let scanner: XMLScanner
    let record = XMLCurrentRecord()
    let outline: Pain001Outline
    private let maxDepth: Int
    @exclusivity(unchecked) private var assembler: (any XMLRecordAssembler)?
    @exclusivity(unchecked) private(set) var painVersion: String?
    @exclusivity(unchecked) private(set) var isPain = false

    init(options: XMLReaderOptions, outline: Pain001Outline) {
        scanner = XMLScanner(
            bufferSize: options.bufferSize, maxRecordBytes: options.maxRecordBytes, maxDepth: options.maxDepth)
        maxDepth = max(1, options.maxDepth)
        self.outline = outline
    }

    /// Reads tokens until a record is complete, input runs out or the document ends.
    func step() throws(XMLError) -> Step {
        while true {
            switch try scanner.next() {
            case .needMore:
                return .needMore
            case .end:
                try assembler?.finish(scanner)
                return .finished
            case .startTag:
                if scanner.depth == 1 { try chooseForm() }
                try assembler?.start(scanner, record)
            case .endTag:
                if try assembler?.end(scanner, record) == true { return .record }
            case .text:
                assembler?.text(scanner)
            case .skipped:
                continue
            }
        }
    }

    private func chooseForm() throws(XMLError) {
        let local = scanner.localName
        let qualified = String(decoding: scanner.qualifiedName, as: UTF8.self)
        if local.elementsEqual("records".utf8) {
            assembler = FlatXMLAssembler()
            return
        }
        guard local.elementsEqual("Document".utf8) else {
            throw XMLError(.root, "the root element is <\(qualified)>; \(Self.rootHint)", line: scanner.tokenLine)
        }
        let prefix = qualified.count > 8 ? String(qualified.dropLast(9)) : ""
        var namespace: [UInt8] = []
        if let index = scanner.attribute(named: prefix.isEmpty ? "xmlns" : "xmlns:" + prefix) {
            scanner.appendValue(of: index, to: &namespace)
        }
        let text = String(decoding: namespace, as: UTF8.self)
        guard let version = Self.painVersion(namespace: text) else {
            let shown = text.isEmpty ? "no namespace" : "namespace '\(text)'"
            throw XMLError(
                .root, "the root <\(qualified)> has \(shown), which is not a pain.001; \(Self.rootHint)",
                line: scanner.tokenLine)
        }
        painVersion = version
        isPain = true
        assembler = Pain001Assembler(outline: outline, maxDepth: maxDepth)
    }
}

extension XMLDocumentCore {
    /// The pain.001 message version a `Document` namespace names (`pain.001.001.09`,
    /// `pain.001.003.03`, `pain.001.001.03.ch.02`), or nil when it is not a pain.001.
    static func painVersion(namespace: String) -> String? {
        if namespace.hasPrefix(isoStem + "pain.001.") { return String(namespace.dropFirst(isoStem.count)) }
        if namespace.hasPrefix(sixStem + "pain.001."), namespace.hasSuffix(".xsd") {
            return String(namespace.dropFirst(sixStem.count).dropLast(4))
        }
        return nil
    }
}

@available(*, unavailable)
extension XMLDocumentCore: Sendable {}
