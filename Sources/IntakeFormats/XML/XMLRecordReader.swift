import IntakeCore
import IntakeSystem
/// A streaming, byte-level reader of XML payment files: ISO 20022 pain.001
/// (customer credit transfer initiation, `.03`, `.09` and other `pain.001.001.NN`)
/// and a flat `<records><record>…</record></records>` form.
///
/// It reads through one reusable buffer (`Options.bufferSize`, grown only while one
/// record is larger, up to `Options.maxRecordBytes`), validates UTF-8 as bytes
/// arrive and checks well-formedness: matching end tags, one root, nothing but
/// whitespace, comments and processing instructions after it, no `<` in attribute
/// values, no duplicate attributes. The declared encoding label is ignored (the
/// engine transcodes before the reader sees the bytes).
///
/// Security: a `<!DOCTYPE` fails the document at once with `xml_dtd_refused` (nothing
/// in it is read, nothing is fetched); an entity other than the five predefined ones
/// fails with `xml_entity_refused`; nesting beyond `maxDepth` fails with
/// `xml_too_deep`. There is no recursion per level and memory does not grow with
/// the document.
///
/// A pain.001's `GrpHdr` and `PmtInf` `NbOfTxs`/`CtrlSum` are checked when the
/// document ends, so the last `next()` throws instead of returning false. The
/// headers around the transactions are captured in ``outline`` for
/// ``Pain001RejectedWriter``. Not thread-safe: one reader belongs to one task.
public final class XMLRecordReader<Source: ByteSource>: FlatRecordReader {
    /// Reader limits. The same type for every `Source`.
    public typealias Options = XMLReaderOptions

    private let core: XMLDocumentCore
    private var source: Source
    private let observe: ((UnsafeRawBufferPointer) -> Void)?
    private var failure: XMLError?
    private var finished = false
    private var hasRecord = false

    /// Creates a reader over `source`. `observe` is called with every chunk of raw
    /// bytes exactly as read, in order and each byte once, before it is parsed.
    /// `outline` receives a pain.001's headers (a fresh one unless given).
    public init(
        source: Source, options: Options = .init(), outline: Pain001Outline = Pain001Outline(),
        observe: ((UnsafeRawBufferPointer) -> Void)? = nil
    ) {
        self.source = source
        self.observe = observe
        core = XMLDocumentCore(options: options, outline: outline)
    }

    /// The pain.001 headers captured so far; complete once `next()` returned false.
    public var outline: Pain001Outline { core.outline }
    /// How many times a token cut by a read was scanned again (for tests).
    var tokenRescans: Int { core.scanner.rescans }

    /// The pain.001 message version from the root's namespace (`pain.001.001.09`);
    /// nil for the flat form or before the root was read.
    public var painVersion: String? { core.painVersion }

    /// Moves to the next record; false once the whole document was read and checked.
    /// Throws ``XMLError``; after a throw every call throws the same error.
    public func next() throws(XMLError) -> Bool {
        if let failure { throw failure }
        if finished { return false }
        hasRecord = false
        do throws(XMLError) {
            while true {
                switch try core.step() {
                case .record:
                    hasRecord = true
                    return true
                case .finished:
                    finished = true
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

    /// Number of values in the current record.
    public var fieldCount: Int { hasRecord ? core.record.fields.count : 0 }

    /// Key `index` of the current record (`beneficiary_iban`, `bank_details.bank_name`).
    public func key(_ index: Int) -> UnsafeBufferPointer<UInt8> { core.record.fields.key(index) }

    /// Value `index`: the element's text, references decoded, trimmed of whitespace.
    public func value(_ index: Int) -> UnsafeBufferPointer<UInt8> { core.record.fields.value(index) }

    /// Always `.string`: XML values are text.
    public func kind(_ index: Int) -> FlatValueKind { .string }

    /// Always true: an XML record is an element.
    public var recordIsObject: Bool { true }

    /// The record element's exact bytes, from its `<` to its end tag's `>`.
    public var rawRecord: UnsafeBufferPointer<UInt8> {
        guard hasRecord else { return UnsafeBufferPointer(start: nil, count: 0) }
        return core.scanner.absoluteBytes(core.record.rawStart, core.record.rawEnd)
    }

    /// 1-based line of the record's start tag.
    public var line: Int { core.record.line }

    /// `/Document/CstmrCdtTrfInitn/PmtInf[p]/CdtTrfTxInf[t]` or `/records/record[n]`.
    public var path: String {
        if core.isPain {
            return "/Document/CstmrCdtTrfInitn/PmtInf[\(core.record.group + 1)]/CdtTrfTxInf[\(core.record.index)]"
        }
        return "/records/record[\(core.record.index)]"
    }

    /// The 0-based pain.001 payment block (`PmtInf`); 0 for the flat form.
    public var group: Int { core.record.group }

    /// `payment_id_derived` when the transaction's id was derived (no usable
    /// `EndToEndId`, no `InstrId`).
    public var recordWarning: Issue? {
        guard hasRecord, let id = core.record.derivedID else { return nil }
        return Issue(
            "payment_id_derived", field: "payment_id",
            description: "the transaction has no EndToEndId (or NOTPROVIDED) and no InstrId; its payment_id \(id) was derived from the message id, the payment block and its position: give the transaction an InstrId or EndToEndId to import it under your own id",
            value: id, severity: .warning)
    }

    /// Bytes read from the source so far.
    public var bytesRead: Int64 { core.scanner.bytesRead }

    /// One read from the source into the buffer's free space.
    private func refill() throws(XMLError) {
        let scanner = core.scanner
        precondition(!scanner.atEOF, "XMLRecordReader asked for input after the end")
        let space = try scanner.freeSpace()
        let count: Int
        switch source.readChecked(into: space) {
        case .success(let read): count = read
        case .failure(let failure):
            throw XMLError(.read, "reading the file failed (\(failure.message)); check the file is readable and retry",
                           line: scanner.line)
        }
        if count > 0 {
            observe?(UnsafeRawBufferPointer(rebasing: space[0..<count]))
        }
        scanner.append(count: count)
    }
}

@available(*, unavailable)
extension XMLRecordReader: Sendable {}
