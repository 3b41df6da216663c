/// Opening JSON documents: the reader, the schema mapping, the rejected file
/// in the document's own shape, and the checks of API bodies.
extension JobRunner {
    /// Trustpair's inline cap on the records of one request body.
    static let trustpairRecordLimit = 1000

    func openJSON(
        _ job: ClaimedJob, source: InputSource, observer: ReadObserver, choice: EncodingChoice, settings: InputSettings,
        mode: UInt32
    ) throws -> OpenedDocument {
        let lines = job.format == .jsonLines
        let reader = JSONRecordReader(source: source, lines: lines)
        let row = FlatRow(reader: reader, schema: job.type.schema, byLine: lines, aliases: settings.columnAliases)
        let type = job.type
        let report = try ReportBuilder(
            folder: root.outbox(workspace), jobID: job.record.jobID, mode: mode, rejectedExtension: job.sourceExtension
        ) { (path, mode) throws(SystemError) -> any RejectedRecordsWriter in
            // Created on the first failed row: the reader has seen the document's shape by then.
            let (prefix, separator): (String, String) = switch reader.shape {
            case .lines: ("", "\n")
            case .trustpairBody: ("{\"data\":{\"type\":" + JSONText.quoted(type.apiType) + ",\"attributes\":{\"records\":[\n", ",\n")
            case .papayaBody: ("{\"items\":[\n", ",\n")
            case .array, nil: ("[\n", ",\n")
            }
            return try JSONRejectedWriter(path: path, mode: mode, prefix: prefix, separator: separator, suffix: {
                switch reader.shape {
                case .lines: "\n"
                case .trustpairBody: "\n]}}}\n"
                case .papayaBody: "\n]" + (reader.updatePayments.map { ",\"update_payments\":\($0)" } ?? "") + "}\n"
                case .array, nil: "\n]\n"
                }
            }, encoding: choice)
        }
        var document = OpenedDocument(cursor: .flat(row), report: report, observer: observer, encoding: choice)
        document.recordLimit = { reader.shape == .trustpairBody ? JobRunner.trustpairRecordLimit : nil }
        document.finalCheck = { () throws(DocumentFailure) in try JobRunner.checkBody(reader.shape, reader.bodyType, type: type) }
        document.updatePayments = { reader.shape == .papayaBody ? reader.updatePayments : nil }
        return document
    }

    /// An API body must be the one of the file's type: Trustpair's for its
    /// types, with the same `data.type`; Papaya's for beneficiaries.
    static func checkBody(_ shape: JSONDocumentShape?, _ bodyType: String?, type: ImportType) throws(DocumentFailure) {
        let papaya = type == .beneficiaries
        switch shape {
        case .trustpairBody where papaya, .papayaBody where !papaya:
            throw DocumentFailure(
                "body_shape_mismatch",
                "\(type.name) documents take \(papaya ? "Papaya's {\"items\": [...]}" : "Trustpair's {\"data\": {\"type\": ..., \"attributes\": {\"records\": [...]}}}") body, not \(papaya ? "Trustpair's" : "Papaya's"); send the other body or a plain JSON array")
        case .trustpairBody where bodyType != type.apiType:
            throw DocumentFailure(
                "body_type_mismatch",
                "the body's data.type is \(bodyType.map { "\"\($0)\"" } ?? "missing"), but the file was dropped as \(type.name) (\(type.apiType)); drop it under the type it holds or fix data.type")
        default:
            return
        }
    }
}
