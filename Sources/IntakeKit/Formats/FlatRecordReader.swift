/// The kind of a value in a flattened JSON or XML record.
public enum FlatValueKind: UInt8, Sendable {
    /// A JSON string or XML text: the value holds the unescaped UTF-8 text.
    case string
    /// A JSON number: the value holds its literal text (`120.50`), never a float.
    case number
    /// A JSON `true` or `false`: the value holds that literal.
    case boolean
    /// A JSON `null`: the value is empty. Validators treat it as absent.
    case null
    /// A JSON array inside a record (its contents are skipped): the value is empty.
    case array
    /// An empty JSON object `{}` or an empty XML element with children expected: the value is empty.
    case object
}

/// A streaming reader of records whose values are named by dotted paths
/// (`bank_details.account_number`), for JSON and XML documents.
///
/// Usage: `while try reader.next() { for i in 0..<reader.fieldCount { reader.key(i) … } }`.
/// Keys, values and `rawRecord` point into the reader's buffers and stay valid
/// only until the next call to `next()`. Memory stays bounded whatever the
/// document's size: one record at a time. `next()` returns false only once the
/// whole document was read and checked (a truncated document throws).
public protocol FlatRecordReader: AnyObject {
    /// Moves to the next record; false at the end of a complete, well-formed document.
    func next() throws -> Bool
    /// Number of leaf values in the current record (objects are flattened; array
    /// contents are not: an array is one value of kind `.array`).
    var fieldCount: Int { get }
    /// Dotted path of value `index` inside the record, UTF-8 (`bank_details.bank_name`).
    func key(_ index: Int) -> UnsafeBufferPointer<UInt8>
    /// Value `index`: unescaped UTF-8 text, or a number's or boolean's literal text.
    func value(_ index: Int) -> UnsafeBufferPointer<UInt8>
    /// Kind of value `index`.
    func kind(_ index: Int) -> FlatValueKind
    /// False when the current record is not an object (a JSON array element
    /// that is a number, a string, …); it then has no fields and the row fails.
    var recordIsObject: Bool { get }
    /// The record's original bytes, exactly as in the document (for the rejected file).
    var rawRecord: UnsafeBufferPointer<UInt8> { get }
    /// 1-based physical line where the record starts.
    var line: Int { get }
    /// Where the record is, for reports: `$[3]`, `$.items[3]`,
    /// `$.data.attributes.records[3]`, or an XML element path
    /// `/Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[4]` (1-based like XPath).
    var path: String { get }
    /// Group of the record: the 0-based pain.001 payment block (`PmtInf`); 0 otherwise.
    var group: Int { get }
    /// Bytes read from the source so far (progress).
    var bytesRead: Int64 { get }
    /// Why the current record could not be read when that fails only the record
    /// (a broken line of JSON Lines), else nil.
    var syntaxError: String? { get }
    /// A warning the reader has about the current record itself (a pain.001
    /// payment id it derived because the document gave none), else nil.
    var recordWarning: Issue? { get }
}

extension FlatRecordReader {
    public var syntaxError: String? { nil }
    public var recordWarning: Issue? { nil }
}
