/// Opening XML documents: pain.001 or the flat form, with the rejected file in the same form.
extension JobRunner {
    func openXML(
        _ job: ClaimedJob, source: InputSource, observer: ReadObserver, choice: EncodingChoice, settings: InputSettings,
        mode: UInt32
    ) throws -> OpenedDocument {
        let reader = XMLRecordReader(source: source)
        let schema = job.type.schema
        // From a pain.001, a payment made was paid on its requested execution date.
        var fallbacks: [(target: Int, source: Int)] = []
        if let paidAt = schema.index(of: "paid_at"), let dueDate = schema.index(of: "due_date") {
            fallbacks.append((paidAt, dueDate))
        }
        let row = FlatRow(reader: reader, schema: schema, byLine: false, aliases: settings.columnAliases, fallbacks: fallbacks)
        let report = try ReportBuilder(
            folder: root.outbox(workspace), jobID: job.record.jobID, mode: mode, rejectedExtension: "xml"
        ) { (path, mode) throws(SystemError) -> any RejectedRecordsWriter in
            reader.painVersion != nil
                ? try Pain001RejectedWriter(path: path, mode: mode, outline: reader.outline)
                : try FlatXMLRejectedWriter(path: path, mode: mode)
        }
        return OpenedDocument(cursor: .flat(row), report: report, observer: observer, encoding: choice)
    }
}

