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
final class CSVRecordScanner {
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
    var buffer: UnsafeMutablePointer<UInt8>
    var capacity: Int
    let baseCapacity: Int
    let maxRecordBytes: Int
    /// Largest capacity worth having: one byte more than the largest allowed record.
    let capacityLimit: Int
    /// Bytes `0..<end` of `buffer` hold input.
    var end = 0
    var atEOF = false
    /// Total bytes appended so far.
    var bytesRead: Int64 = 0

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
        capacityLimit = self.maxRecordBytes == .max ? .max : self.maxRecordBytes + 1
        baseCapacity = min(max(1, bufferSize), capacityLimit)
        capacity = baseCapacity
        buffer = .allocate(capacity: capacity)
        scratchCapacity = min(baseCapacity, 4096)
        scratch = .allocate(capacity: scratchCapacity)
        spans = .allocate(capacity: spanCapacity)
        unquotedTable = .allocate(capacity: 256)
        quotedTable = .allocate(capacity: 256)
        setDelimiter(Self.comma)
    }

    deinit {
        buffer.deallocate()
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
        if recordStart > 0 && (end == capacity || recordStart >= capacity / 2) {
            compact()
        }
        if end == capacity {
            // recordStart == 0 here: the unfinished record alone fills the buffer. At
            // `capacityLimit` (one byte more than allowed) it is too long already.
            guard capacity < capacityLimit else {
                throw CSVError(.recordTooLong(limit: maxRecordBytes), line: recordLine)
            }
            let doubled = capacity > Int.max / 2 ? Int.max : capacity * 2
            resize(to: min(doubled, capacityLimit))
        }
        return UnsafeMutableRawBufferPointer(start: buffer + end, count: capacity - end)
    }

    /// Records that `count` bytes were read into the space `freeSpace()` returned;
    /// 0 marks the end of input.
    func append(count: Int) {
        if count == 0 { atEOF = true } else { end += count }
        bytesRead += Int64(count)
    }

    private func compact() {
        let tail = end - recordStart
        if tail > 0 { Memory.move(buffer, from: buffer + recordStart, count: tail) }
        recordStart = 0
        end = tail
        // A record larger than the configured buffer has passed: give the memory back.
        if capacity > baseCapacity && tail <= baseCapacity / 2 {
            resize(to: baseCapacity)
            if scratchCapacity > baseCapacity {
                scratch.deallocate()
                scratchCapacity = baseCapacity
                scratch = .allocate(capacity: scratchCapacity)
            }
        }
    }

    private func resize(to newCapacity: Int) {
        buffer = ReadBuffer.moved(buffer, from: recordStart, count: end - recordStart, capacity: newCapacity)
        end -= recordStart
        recordStart = 0
        capacity = newCapacity
    }

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
