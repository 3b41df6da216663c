import IntakeSystem
import IntakeCore

/// The non-generic engine behind `JSONRecordReader`: the read buffer, a resumable
/// pushdown parser (an explicit stack of frames, never recursion) and the current
/// record's flattened fields.
///
/// It never reads by itself. `step()` answers `.needMore` when the buffered bytes end
/// before a decision can be made; the reader then asks `freeSpace()` for room (which
/// compacts or grows the buffer), reads into it and reports the count with
/// `append(count:)`. Small atoms (an escape, a UTF-8 sequence, `true`) are retried
/// from their first byte; strings and numbers resume where they stopped, so values
/// skipped outside records take no memory whatever their size. Only the record being
/// read (or, for JSON Lines, the line) is kept in the buffer.
final class JSONScanner: ReadBufferOwner {
    /// What `step()` found.
    enum Step {
        /// A record is finished; it is readable until the next `step()`.
        case record
        /// The document is complete and nothing follows it.
        case end
        /// The buffered bytes ran out mid-decision: read more and call `step()` again.
        case needMore
    }

    /// What the grammar allows next.
    enum Expect: UInt8 {
        case value, firstValueOrEnd, firstKeyOrEnd, key, colon, commaOrEnd, done, string, number
    }

    /// What a value means where it stands.
    enum Context: UInt8 {
        case top, recordRoot, member, skip, data, attributes, recordList, keepType, keepUpdate
    }

    /// What an open array or object is.
    enum Role: UInt8 {
        case recordList, topObject, dataObject, attributesObject, recordObject, skipObject,
            skipArray
    }

    /// Where the bytes of the string being read go.
    enum Sink: UInt8 {
        case none, value, path, envelopeKey, envelopeValue
    }

    /// Position inside a number: what has been read so far.
    enum NumberState: UInt8 {
        case start, minus, zero, integer, dot, fraction, exponentMark, exponentSign, exponent
    }

    /// One flattened value of the current record: its key in `keys`, its value in `values`.
    struct Field {
        var keyStart: Int
        var keyEnd: Int
        var valueStart: Int
        var valueEnd: Int
        var kind: FlatValueKind
    }

    static let quote: UInt8 = 0x22
    static let backslash: UInt8 = 0x5C
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    /// Longest envelope key worth remembering (`update_payments` is 15 bytes).
    static let envelopeKeyLimit = 32

    let lines: Bool
    let maxRecordBytes: Int
    let maxDepth: Int
    let maxEnvelopeValueBytes: Int
    /// Most bytes of flattened keys and values one record may produce.
    let flattenedLimit: Int

    // MARK: read buffer
    /// Unchecked exclusivity, as in ``XMLScanner``: the scanner is confined to one
    /// reader on one thread and no access to `input` overlaps another (`makeRoom`
    /// calls nothing back); the dynamic checks would cost 3% of a CSV import.
    @exclusivity(unchecked) var input: ReadBuffer
    /// Non-zero for the bytes that end a run of plain string content.
    let stringTable: UnsafeMutablePointer<UInt8>

    // MARK: parser
    var pos = 0
    var bomChecked = false
    var started = false
    var line = 1
    /// Absolute offset of the first byte of line `line`, for columns.
    var lineStartOffset: Int64 = 0
    var expect = Expect.value
    var roles: UnsafeMutablePointer<Role>
    var prefixes: UnsafeMutablePointer<Int>
    var depth = 0
    /// The context of the value after the key just read.
    var memberContext = Context.skip
    /// The context of the string or number being read.
    var valueContext = Context.skip
    var stringIsKey = false
    var sink = Sink.none
    var envelopeKeyOverflow = false
    var numberState = NumberState.start
    var valueStart = 0

    // MARK: the record being read
    var inRecord = false
    var recordStart = 0
    var recordBaseDepth = 0
    var recordStartLine = 1
    var currentIsObject = false
    var fieldsUsed = 0
    var fields: UnsafeMutablePointer<Field>
    var fieldCapacity = 16
    let keys = JSONByteArena(capacity: 4096)
    let values = JSONByteArena(capacity: 4096)
    /// The dotted path of the key being read: enclosing keys and dots, then the key.
    let path = JSONByteArena(capacity: 256)

    // MARK: the finished record
    var index = -1
    var fieldCount = 0
    var recordOffset = 0
    var recordLength = 0
    var recordLine = 1
    var recordIsObject = false
    var syntaxError: String?

    // MARK: envelope
    var shape: JSONDocumentShape?
    var bodyType: String?
    var updatePayments: Bool?
    var seenData = false
    var seenItems = false
    var seenAttributes = false
    var seenRecords = false
    var seenType = false
    var seenUpdate = false
    /// A wrong `update_payments` seen before the body's shape was known.
    var pendingUpdateProblem: String?
    let envelopeKey = JSONByteArena(capacity: 64)
    let envelopeValue = JSONByteArena(capacity: 64)

    // MARK: JSON Lines
    var lineStart = 0
    var lineScan = 0

    init(lines: Bool, options: JSONReaderOptions) {
        self.lines = lines
        maxRecordBytes = max(1, options.maxRecordBytes)
        maxDepth = max(1, options.maxDepth)
        maxEnvelopeValueBytes = max(1, options.maxEnvelopeValueBytes)
        flattenedLimit = maxRecordBytes > Int.max / 8 ? Int.max : maxRecordBytes * 4 + 4096
        // The largest record plus a CRLF.
        input = ReadBuffer(size: options.bufferSize, minimum: 16, maxRecordBytes: maxRecordBytes, slack: 2)
        roles = .allocate(capacity: maxDepth)
        prefixes = .allocate(capacity: maxDepth)
        fields = .allocate(capacity: fieldCapacity)
        stringTable = .allocate(capacity: 256)
        for byte in 0..<256 {
            let special = byte < 0x20 || byte >= 0x80 || byte == 0x22 || byte == 0x5C
            stringTable[byte] = special ? 1 : 0
        }
        if lines { shape = .lines }
    }

    deinit {
        input.deallocate()
        roles.deallocate()
        prefixes.deallocate()
        fields.deallocate()
        stringTable.deallocate()
    }

    // MARK: positions

    /// Absolute offset in the document of buffer index `index`.
    @inline(__always)
    func absolute(_ index: Int) -> Int64 { Int64(input.base + index) }

    /// 1-based byte column of buffer index `index` on line `line`.
    func column(_ index: Int) -> Int { Int(absolute(index) - lineStartOffset) + 1 }

    // MARK: buffer management

    /// The first buffered byte still needed.
    private var pin: Int {
        if lines { return lineStart }
        return inRecord ? recordStart : pos
    }

    /// Room to read into: compacts (moves what is still needed to the front) when the
    /// buffer is full or half consumed, grows it only when one record fills all of it.
    func freeSpace() throws(JSONError) -> UnsafeMutableRawBufferPointer {
        guard let dropped = input.makeRoom(keeping: pin) else {
            throw JSONError(
                .recordTooLong(limit: maxRecordBytes), line: inRecord ? recordStartLine : line)
        }
        if dropped > 0 {
            pos -= dropped
            if inRecord { recordStart -= dropped }
            if lines {
                lineStart -= dropped
                lineScan -= dropped
            }
        }
        return input.freeSpace
    }

    /// Records that `count` bytes were read into the space `freeSpace()` returned;
    /// 0 marks the end of input.
    func append(count: Int) { input.append(count: count) }

    // MARK: the finished record

    /// Key of field `index` of the finished record.
    func key(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        precondition(index >= 0 && index < fieldCount, "JSON field index \(index) out of range")
        return keys.slice(fields[index].keyStart, fields[index].keyEnd)
    }

    /// Value of field `index` of the finished record.
    func value(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        precondition(index >= 0 && index < fieldCount, "JSON field index \(index) out of range")
        return values.slice(fields[index].valueStart, fields[index].valueEnd)
    }

    /// Kind of field `index` of the finished record.
    func kind(_ index: Int) -> FlatValueKind {
        precondition(index >= 0 && index < fieldCount, "JSON field index \(index) out of range")
        return fields[index].kind
    }

    /// The finished record's bytes.
    var rawRecord: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: UnsafePointer(buffer + recordOffset), count: recordLength)
    }

    // MARK: driving

    /// Scans on from where the last `.needMore` stopped.
    func step() throws(JSONError) -> Step {
        if !bomChecked {
            guard checkBOM() else { return .needMore }
        }
        return lines ? try scanLines() : try scan(limit: end, eof: atEOF)
    }

    /// Skips a UTF-8 BOM (`EF BB BF`) at the very start. False when fewer than three
    /// bytes are buffered, they could be a BOM and the input has not ended yet.
    private func checkBOM() -> Bool {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let available = end - pos
        let matched = (0..<min(3, available)).allSatisfy { buffer[pos + $0] == bom[$0] }
        if matched && available < 3 && !atEOF { return false }
        if matched && available >= 3 {
            pos += 3
            lineStart = pos
            lineScan = pos
            lineStartOffset = 3
        }
        bomChecked = true
        return true
    }
}
