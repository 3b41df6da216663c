import IntakeSystem
import IntakeCore
extension DocumentFormat {
    /// XML: an ISO 20022 pain.001 or the flat `<records><record>…` form.
    public static let xml = DocumentFormat(rawValue: "xml")
}

/// XML for the payment types: pain.001 credit transfers (each transaction a
/// record) or the flat form. The declaration's `encoding` is honoured; the
/// rejected file is XML of the same form, always UTF-8.
struct XMLHandler: DocumentHandler {
    var format: DocumentFormat { .xml }
    var extensions: [String] { ["xml"] }

    /// Only payments and payments history: what a pain.001 holds.
    func accepts(_ type: ImportType) -> Bool {
        type == .payments || type == .paymentsHistory
    }

    func open(_ input: DocumentInput) throws -> OpenedXML {
        let reader = XMLRecordReader(source: input.decodedText(readsXMLDeclaration: true))
        let schema = input.schema
        // From a pain.001, a payment made was paid on its requested execution date.
        var fallbacks: [(target: Int, source: Int)] = []
        if let paidAt = schema.index(of: "paid_at"), let dueDate = schema.index(of: "due_date") {
            fallbacks.append((paidAt, dueDate))
        }
        let row = FlatRow(
            reader: reader, schema: schema, byLine: false, aliases: input.settings.columnAliases, fallbacks: fallbacks)
        return OpenedXML(cursor: row, reader: reader)
    }
}

/// An XML document being read. Its counts and sums (`NbOfTxs`, `CtrlSum`) are
/// checked by the reader at the document's end.
struct OpenedXML: OpenedDocument {
    let cursor: FlatRow
    let reader: XMLRecordReader<InputSource>

    var rejectedExtension: String { "xml" }

    /// A pain.001 of the same version with the failed transactions under their
    /// payment blocks, or the flat form.
    func makeRejectedWriter(path: String, mode: UInt32, sealer: (any FileSealer)?) throws(SystemError) -> any RejectedRecordsWriter {
        reader.painVersion != nil
            ? try Pain001RejectedWriter(path: path, mode: mode, outline: reader.outline, sealer: sealer)
            : try FlatXMLRejectedWriter(path: path, mode: mode, sealer: sealer)
    }

    /// Unknown elements.
    var warnings: [RowIssue] { cursor.warnings }
}
