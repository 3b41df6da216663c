import IntakeCore
import IntakeSystem
/// A streaming, byte-level reader of JSON records, flattened to dotted keys.
///
/// Accepted documents (`lines == false`), told apart by the top-level value:
/// - an array of records (`$[3]`);
/// - Trustpair's body `{"data":{"type":…,"attributes":{"records":[…]}}}`
///   (`$.data.attributes.records[3]`), keys in any order, `data.type` in `bodyType`;
/// - Papaya's body `{"items":[…],"update_payments":true}` (`$.items[3]`), the flag in
///   `updatePayments`.
/// Everything else in the envelope is checked and skipped without being kept. With
/// `lines == true` the input is JSON Lines: each non-blank line is one record, and a
/// line that is not JSON is a record with `syntaxError` set, not a failed document.
///
/// It reads through one reusable buffer (`Options.bufferSize`, grown only while a
/// single record is larger than it, up to `Options.maxRecordBytes`), checks that the
/// whole input is UTF-8 (a leading BOM is skipped), and parses without recursion, so
/// memory is bounded by the largest record, not the document. Numbers keep their
/// literal text and are never converted to floating point. Duplicate keys inside a
/// record are kept as they are. Document-level problems throw `JSONError` and end the
/// read; the same error is thrown again by later calls. Not thread-safe: one reader
/// belongs to one task.
public final class JSONRecordReader<Source: ByteSource>: FlatRecordReader {
    /// Reader limits. The same type for every `Source`.
    public typealias Options = JSONReaderOptions

    private let scanner: JSONScanner
    private var source: Source
    private let observe: ((UnsafeRawBufferPointer) -> Void)?
    private var failure: JSONError?
    private var finished = false

    /// Creates a reader over `source`; `lines` selects JSON Lines (`.jsonl`, `.ndjson`).
    /// `observe` is called with every chunk of raw bytes exactly as read, in order and
    /// each byte once (BOM included), before it is parsed.
    public init(
        source: Source, lines: Bool, options: Options = .init(),
        observe: ((UnsafeRawBufferPointer) -> Void)? = nil
    ) {
        self.source = source
        self.observe = observe
        scanner = JSONScanner(lines: lines, options: options)
    }

    /// Moves to the next record; false once the whole document was read and found
    /// complete and well formed. Invalidates the previous record's bytes.
    /// - Throws: `JSONError` when the document cannot be read on (see its codes).
    public func next() throws(JSONError) -> Bool {
        if let failure { throw failure }
        if finished { return false }
        do throws(JSONError) {
            while true {
                switch try scanner.step() {
                case .record:
                    return true
                case .end:
                    finished = true
                    scanner.fieldCount = 0
                    return false
                case .needMore:
                    try refill()
                }
            }
        } catch {
            failure = error
            throw error
        }
    }

    /// How the document holds its records; nil until the top-level value showed it.
    public var shape: JSONDocumentShape? { scanner.shape }
    /// The string at `data.type` of a Trustpair body: set as soon as it is read, and
    /// certainly once `next()` returned false; nil when absent.
    public var bodyType: String? { scanner.bodyType }
    /// `update_payments` of a Papaya body: set as soon as it is read, and certainly once
    /// `next()` returned false; nil when absent (or the body is not Papaya's).
    public var updatePayments: Bool? {
        scanner.shape == .papayaBody || scanner.shape == nil ? scanner.updatePayments : nil
    }
    /// 0-based number of the current record in the document (lines: non-blank lines).
    public var index: Int { scanner.index }
    /// JSON Lines only: why the current line is not JSON (its column, what was expected
    /// and what was found); nil when it parsed. The record then has no fields.
    public var syntaxError: String? { scanner.syntaxError }

    /// Number of flattened values in the current record (0 after `next()` returned false).
    public var fieldCount: Int { scanner.fieldCount }
    /// Dotted key of value `index` (below `fieldCount`): `bank_details.bank_name`.
    public func key(_ index: Int) -> UnsafeBufferPointer<UInt8> { scanner.key(index) }
    /// Value `index`: unescaped string, a number's or boolean's literal text, or empty.
    public func value(_ index: Int) -> UnsafeBufferPointer<UInt8> { scanner.value(index) }
    /// Kind of value `index`.
    public func kind(_ index: Int) -> FlatValueKind { scanner.kind(index) }
    /// False when the current record is not an object, or (JSON Lines) not JSON.
    public var recordIsObject: Bool { scanner.recordIsObject }
    /// The record's bytes from its first to its last (lines: the line without its ending).
    public var rawRecord: UnsafeBufferPointer<UInt8> { scanner.rawRecord }
    /// 1-based physical line where the record starts.
    public var line: Int { scanner.recordLine }
    /// `$[i]`, `$.items[i]` or `$.data.attributes.records[i]`; empty for JSON Lines.
    public var path: String {
        switch scanner.shape {
        case .array: return "$[\(scanner.index)]"
        case .trustpairBody: return "$.data.attributes.records[\(scanner.index)]"
        case .papayaBody: return "$.items[\(scanner.index)]"
        case .lines, nil: return ""
        }
    }
    /// Always 0: JSON documents have no payment blocks.
    public var group: Int { 0 }
    /// Total bytes read from the source so far, BOM included (for progress).
    public var bytesRead: Int64 { scanner.bytesRead }
    /// Current size of the read buffer, for tests that check memory stays bounded.
    var bufferCapacity: Int { scanner.capacity }

    /// One read from the source into the buffer's free space.
    private func refill() throws(JSONError) {
        precondition(!scanner.atEOF, "JSONRecordReader asked for input after the end")
        let space = try scanner.freeSpace()
        let count: Int
        switch source.readChecked(into: space) {
        case .success(let read): count = read
        case .failure(let failure): throw JSONError(.read(failure.message), line: scanner.line)
        }
        if count > 0 {
            observe?(UnsafeRawBufferPointer(rebasing: space[0..<count]))
        }
        scanner.append(count: count)
    }
}
