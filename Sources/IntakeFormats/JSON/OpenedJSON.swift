import IntakeSystem
import IntakeCore
/// A JSON document being read: its shape (array, API body, lines) is known
/// once the first record was read; an API body is checked against the file's
/// type, and Trustpair's is capped at its inline limit.
struct OpenedJSON: OpenedDocument {
    /// Trustpair's inline cap on the records of one request body.
    static let trustpairRecordLimit = 1000

    let cursor: FlatRow
    let reader: JSONRecordReader<InputSource>
    let type: ImportType
    /// Whether the document is JSON Lines.
    let lines: Bool
    /// The dropped file's own extension (`ndjson`).
    let rejectedExtension: String
    let observer: ReadObserver
    let encoding: EncodingChoice

    /// The rejected file in the document's shape. Created on the first failed
    /// row: the reader has seen the document's shape by then.
    func makeRejectedWriter(path: String, mode: UInt32, sealer: (any FileSealer)?) throws(SystemError) -> any RejectedRecordsWriter {
        let reader = reader
        let (prefix, separator): (String, String) = switch reader.shape {
        case .lines: ("", "\n")
        case .trustpairBody: ("{\"data\":{\"type\":" + JSONWriter.quoted(type.apiType) + ",\"attributes\":{\"records\":[\n", ",\n")
        case .papayaBody: ("{\"items\":[\n", ",\n")
        case .array, nil: ("[\n", ",\n")
        }
        return try JSONRejectedWriter(path: path, mode: mode, sealer: sealer, prefix: prefix, separator: separator, suffix: {
            switch reader.shape {
            case .lines: "\n"
            case .trustpairBody: "\n]}}}\n"
            case .papayaBody: "\n]" + (reader.updatePayments.map { ",\"update_payments\":\($0)" } ?? "") + "}\n"
            case .array, nil: "\n]\n"
            }
        }, encoding: encoding)
    }

    /// Trustpair's body holds at most ``trustpairRecordLimit`` records.
    var recordLimit: RecordLimit? {
        guard reader.shape == .trustpairBody else { return nil }
        let limit = OpenedJSON.trustpairRecordLimit
        return RecordLimit(count: limit, failure: DocumentFailure(
            "too_many_records",
            "the body holds more than \(limit) records, the API's limit for one request; split it, or drop the records as a plain JSON array or CSV, which have no limit",
            errorCode: 413))
    }

    func finalCheck() throws(DocumentFailure) {
        try OpenedJSON.checkBody(reader.shape, reader.bodyType, type: type)
    }

    var updatePayments: Bool? { reader.shape == .papayaBody ? reader.updatePayments : nil }

    /// Unknown keys, and (JSON Lines) a last line without its line break.
    var warnings: [RowIssue] {
        cursor.warnings + (lines ? observer.unendedLastLine(in: encoding.current).map { [$0] } ?? [] : [])
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
