import IntakeCore
import IntakeSystem
/// How a JSON document holds its records, as detected by `JSONRecordReader`.
public enum JSONDocumentShape: Sendable, Equatable {
    /// A top-level array: each element is a record (`$[3]`).
    case array
    /// Trustpair's API body `{"data":{"type":…,"attributes":{"records":[…]}}}`
    /// (`$.data.attributes.records[3]`).
    case trustpairBody
    /// Papaya's API body `{"items":[…],"update_payments":true}` (`$.items[3]`).
    case papayaBody
    /// JSON Lines (`.jsonl`, `.ndjson`): one record per non-blank line.
    case lines
}
