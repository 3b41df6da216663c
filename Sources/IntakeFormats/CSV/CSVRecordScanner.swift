import IntakeSystem
import IntakeCore

/// The non-generic engine behind `CSVReader`: the read buffer, the record scanner's
/// resumable state and the current record's field table.
///
/// It never reads by itself. `scan()` answers `.needMore` when the buffered bytes end
/// before a decision can be made; the reader then asks `freeSpace()` for room (which
/// compacts or grows the buffer), reads into it and reports the count with
/// `append(count:)`. Keeping the source out of this class keeps the hot loop free of
/// generics. All indexes into an unfinished record are relative to `recordStart`, so
/// compaction only has to move bytes and reset `recordStart`.
final class CSVRecordScanner: ReadBufferOwner {
    /// One field of the current record. Before the record is finished a span marked
    /// `inScratch` is a raw quoted field (opening quote to field end) still to unescape;
    /// afterwards it is the unescaped value's range in `scratch`.
    struct Span {
        var start: Int
        var end: Int
        var inScratch: Bool
    }

    /// Where the scanner is inside the record being scanned.
    enum State: UInt8 {
        case fieldStart, unquoted, quoted, afterQuote
    }

    static let quote: UInt8 = 0x22
    static let comma: UInt8 = 0x2C
    static let semicolon: UInt8 = 0x3B
    static let tab: UInt8 = 0x09
    static let pipe: UInt8 = 0x7C
    /// The delimiters detected from a header line, in tie-breaking order.
    static let candidates: [UInt8] = [comma, semicolon, tab, pipe]
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D

    // MARK: read buffer
    /// Unchecked exclusivity, as in ``XMLScanner``: the scanner is confined to one
    /// reader on one thread and no access to `input` overlaps another (`makeRoom`
    /// calls nothing back); the dynamic checks would cost 3% of a CSV import.
    @exclusivity(unchecked) var input: ReadBuffer
    let maxRecordBytes: Int

    // MARK: classification (non-zero = the scanner must look at this byte)
    let unquotedTable: UnsafeMutablePointer<UInt8>
    let quotedTable: UnsafeMutablePointer<UInt8>
    private(set) var delimiter: UInt8 = CSVRecordScanner.comma

    // MARK: the finished record
    var recordOffset = 0
    var recordLength = 0
    var fieldCount = 0
    var line = 1
    var malformedField: Int?
    var spans: UnsafeMutablePointer<Span>
    var spanCapacity = 16
    var scratch: UnsafeMutablePointer<UInt8>
    var scratchCapacity: Int

    // MARK: the record being scanned (saved across `.needMore`)
    var recordStart = 0
    var recordLine = 1
    var scanOffset = 0
    var fieldOffset = 0
    var state = State.fieldStart
    var newlines = 0
    var fieldEscaped = false
    var anyEscaped = false
    var quoteLine = 1
    var pendingMalformed: Int?
    var spanCount = 0

    // MARK: preamble (BOM, delimiter detection)
    var bomChecked = false
    var hadBOM = false
    var detectOffset = 0
    var detectInQuotes = false
    var detectAtFieldStart = true
    var delimiterCounts = [0, 0, 0, 0]
    var sepChecked = false
    /// Excel's `sep=X` line with its line ending, when the document had one.
    var separatorLine: [UInt8] = []
    /// Whether the delimiter came from a `sep=` line rather than the header.
    var explicitDelimiter = false

    init(bufferSize: Int, maxRecordBytes: Int) {
        self.maxRecordBytes = max(1, maxRecordBytes)
        // One byte more than the largest allowed record: at that size it is too long.
        input = ReadBuffer(size: bufferSize, minimum: 1, maxRecordBytes: self.maxRecordBytes, slack: 1)
        scratchCapacity = min(input.baseCapacity, 4096)
        scratch = .allocate(capacity: scratchCapacity)
        spans = .allocate(capacity: spanCapacity)
        unquotedTable = .allocate(capacity: 256)
        quotedTable = .allocate(capacity: 256)
        setDelimiter(Self.comma)
    }

    deinit {
        input.deallocate()
        scratch.deallocate()
        spans.deallocate()
        unquotedTable.deallocate()
        quotedTable.deallocate()
    }

    /// Rebuilds the byte classes for `delimiter`.
    func setDelimiter(_ delimiter: UInt8) {
        self.delimiter = delimiter
        for index in 0..<256 {
            let byte = UInt8(index)
            let special = byte >= 0x80 || byte == Self.cr || byte == Self.lf
            unquotedTable[index] = special || byte == delimiter ? 1 : 0
            quotedTable[index] = special || byte == Self.quote ? 1 : 0
        }
    }

    // MARK: field access

    /// Field `index` of the finished record.
    @inline(__always)
    func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        precondition(index >= 0 && index < fieldCount, "CSV field index \(index) out of range")
        let span = spans[index]
        let base = span.inScratch ? UnsafePointer(scratch) : UnsafePointer(buffer + recordOffset)
        return UnsafeBufferPointer(start: base + span.start, count: span.end - span.start)
    }

    /// The finished record's bytes, line ending included.
    var rawRecord: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: UnsafePointer(buffer + recordOffset), count: recordLength)
    }

    /// The 1-based line the scanner has reached, for errors raised outside the scan.
    var currentLine: Int { recordLine + newlines }

    // MARK: buffer management

    /// Room to read into: compacts (moves the unfinished record to the front) when the
    /// buffer is full or half consumed, grows it only when one record fills all of it.
    func freeSpace() throws(CSVError) -> UnsafeMutableRawBufferPointer {
        let capacityBefore = input.capacity
        guard let dropped = input.makeRoom(keeping: recordStart) else {
            throw CSVError(.recordTooLong(limit: maxRecordBytes), line: recordLine)
        }
        if dropped > 0 { recordStart = 0 }
        // The buffer gave back the memory of a long record: so does the scratch space.
        if input.capacity < capacityBefore && scratchCapacity > input.baseCapacity {
            scratch.deallocate()
            scratchCapacity = input.baseCapacity
            scratch = .allocate(capacity: scratchCapacity)
        }
        return input.freeSpace
    }

    /// Records that `count` bytes were read into the space `freeSpace()` returned;
    /// 0 marks the end of input.
    func append(count: Int) { input.append(count: count) }

    /// Doubles the field table, keeping the first `count` spans.
    func growSpans(keeping count: Int) {
        let grown = UnsafeMutablePointer<Span>.allocate(capacity: spanCapacity * 2)
        grown.moveInitialize(from: spans, count: count)
        spans.deallocate()
        spans = grown
        spanCapacity *= 2
    }

    // MARK: unescaping

    /// Copies every quoted field that has doubled quotes or text after its closing
    /// quote into `scratch`, one after the other, so all fields stay valid together.
    func unescapeFields() {
        if scratchCapacity < recordLength {
            scratch.deallocate()
            scratchCapacity = max(recordLength, scratchCapacity * 2)
            scratch = .allocate(capacity: scratchCapacity)
        }
        let record = UnsafePointer(buffer + recordOffset)
        var written = 0
        for index in 0..<fieldCount where spans[index].inScratch {
            let span = spans[index]
            let count = Self.unescape(
                record + span.start, count: span.end - span.start, into: scratch + written)
            spans[index] = Span(start: written, end: written + count, inScratch: true)
            written += count
        }
    }

    /// Unescapes a raw quoted field (it starts with the opening quote): `""` becomes
    /// `"`, the closing quote is dropped and any text after it is kept as it is.
    /// Returns the number of bytes written, never more than `count - 1`.
    static func unescape(
        _ source: UnsafePointer<UInt8>, count: Int, into target: UnsafeMutablePointer<UInt8>
    ) -> Int {
        var read = 1
        var written = 0
        while read < count {
            let byte = source[read]
            if byte == quote {
                if read + 1 < count && source[read + 1] == quote {
                    target[written] = quote
                    written += 1
                    read += 2
                    continue
                }
                read += 1
                let rest = count - read
                (target + written).update(from: source + read, count: rest)
                return written + rest
            }
            target[written] = byte
            written += 1
            read += 1
        }
        return written
    }
}
