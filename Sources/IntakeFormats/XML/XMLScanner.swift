import IntakeSystem
import IntakeCore

/// What ``XMLScanner/next()`` found.
enum XMLToken: UInt8 {
    /// A start tag (name and attributes in the scanner); a self-closing tag is
    /// followed by a synthetic `.endTag`.
    case startTag
    /// An end tag matching the innermost open element (already popped).
    case endTag
    /// Character data or a CDATA section inside the root (a long text may come in pieces).
    case text
    /// The buffered input ends before the next token is complete: read more.
    case needMore
    /// The end of a complete document: the root was closed and only whitespace,
    /// comments and processing instructions followed.
    case end
    /// A comment, processing instruction or the XML declaration was consumed
    /// (internal to the scanner; never returned by `next()`).
    case skipped
}

/// The non-generic, byte-level XML tokenizer behind ``XMLRecordReader``: one read
/// buffer, UTF-8 validation as bytes arrive, well-formedness (matching end tags,
/// one root, depth limit) and the security refusals (DTDs, unknown entities).
///
/// Like the CSV scanner it never reads by itself: `next()` answers `.needMore`,
/// the reader asks `freeSpace()` for room, reads into it and reports the count with
/// `append(count:)`. A token is committed only once complete, so an incomplete one
/// is rescanned from its start after the refill (text excepted: it is handed out in
/// pieces). Positions kept across refills are absolute stream offsets; `pin` keeps
/// the bytes from an absolute offset on in the buffer (the record being assembled).
///
/// Stored properties are `@exclusivity(unchecked)`: the object is confined to one
/// reader on one thread (not Sendable) and no access to a property overlaps another
/// access to the same property; the dynamic checks cost 5× the throughput here.
final class XMLScanner: ReadBufferOwner {
    /// An attribute of the current start tag, as buffer indexes.
    struct Attribute {
        var nameStart: Int
        var nameEnd: Int
        var valueStart: Int
        var valueEnd: Int
        var hasReferences: Bool
    }

    // MARK: read buffer
    @exclusivity(unchecked) var input: ReadBuffer
    let maxRecordBytes: Int
    /// Bytes `0..<checked` were validated (UTF-8, no forbidden control character).
    @exclusivity(unchecked) var checked = 0
    /// Buffer index of the first invalid byte, once found (it is at `checked`).
    @exclusivity(unchecked) var invalidAt: Int?
    /// Next byte to tokenize.
    @exclusivity(unchecked) var pos = 0
    /// 1-based line of `pos`.
    @exclusivity(unchecked) var line = 1
    /// Absolute offset from which bytes must stay in the buffer, and its line.
    @exclusivity(unchecked) var pin: Int?
    @exclusivity(unchecked) var pinLine = 1
    /// After a token (tag, comment, CDATA, …) was cut by the end of the buffered bytes:
    /// the absolute offset the buffered input must reach before the token is scanned
    /// again from its start. Waiting until the unfinished part has doubled keeps the
    /// rescans linear when the source returns short reads (a pipe, 4 KiB at a time).
    @exclusivity(unchecked) var rescanAt: Int?
    /// How many times a cut token was scanned again from its start (tests check it stays logarithmic).
    @exclusivity(unchecked) var rescans = 0

    // MARK: the current token
    @exclusivity(unchecked) var tokenStart = 0
    @exclusivity(unchecked) var tokenEnd = 0
    @exclusivity(unchecked) var tokenLine = 1
    @exclusivity(unchecked) var nameStart = 0
    @exclusivity(unchecked) var nameEnd = 0
    @exclusivity(unchecked) var localStart = 0
    @exclusivity(unchecked) var attributes: [Attribute] = []
    @exclusivity(unchecked) var textStart = 0
    @exclusivity(unchecked) var textEnd = 0
    @exclusivity(unchecked) var textHasReferences = false
    @exclusivity(unchecked) var textIsCData = false
    @exclusivity(unchecked) var pendingEnd = false

    // MARK: document structure
    let maxDepth: Int
    @exclusivity(unchecked) var depth = 0
    /// The open elements' qualified names, back to back (`0..<stackNameEnds[depth - 1]`).
    @exclusivity(unchecked) var stackNames: [UInt8] = []
    /// Per open element (index `0..<depth`): end of its name in `stackNames`, start
    /// of its local name there, and its start tag's line.
    @exclusivity(unchecked) var stackNameEnds: [Int]
    @exclusivity(unchecked) var stackLocalStarts: [Int]
    @exclusivity(unchecked) var stackLines: [Int]
    @exclusivity(unchecked) var rootSeen = false
    @exclusivity(unchecked) var rootClosed = false
    @exclusivity(unchecked) var sawDeclaration = false
    @exclusivity(unchecked) var bomChecked = false

    /// Limit on attributes per element, so the duplicate check stays cheap.
    static let maxAttributes = 256

    init(bufferSize: Int, maxRecordBytes: Int, maxDepth: Int) {
        self.maxRecordBytes = max(1, maxRecordBytes)
        input = ReadBuffer(size: bufferSize, minimum: 64, maxRecordBytes: self.maxRecordBytes, slack: 64)
        self.maxDepth = max(1, maxDepth)
        stackNameEnds = [Int](repeating: 0, count: self.maxDepth + 1)
        stackLocalStarts = stackNameEnds
        stackLines = stackNameEnds
        attributes.reserveCapacity(8)
    }

    deinit { input.deallocate() }

    // MARK: access

    /// Bytes at buffer indexes `start..<end`.
    @inline(__always)
    func bytes(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: UnsafePointer(buffer + start), count: end - start)
    }

    /// Bytes at absolute offsets `start..<end`; they must still be buffered (pinned).
    @inline(__always)
    func absoluteBytes(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        precondition(start >= base && end - base <= self.end, "XML bytes \(start)..<\(end) are no longer buffered")
        return bytes(start - base, end - base)
    }

    /// Byte equality through `memcmp` (the generic `elementsEqual` is slow here).
    @inline(__always)
    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard let left = a.baseAddress, let right = b.baseAddress else { return a.isEmpty }
        return Memory.equal(left, right, count: a.count)
    }

    /// The current start tag's qualified name (`p:Document`).
    var qualifiedName: UnsafeBufferPointer<UInt8> { bytes(nameStart, nameEnd) }
    /// The current start tag's local name (`Document`).
    var localName: UnsafeBufferPointer<UInt8> { bytes(localStart, nameEnd) }

    /// Appends the current text token, references decoded, to `target`.
    func appendText(to target: inout [UInt8]) {
        let text = bytes(textStart, textEnd)
        if textHasReferences {
            XMLReferences.decode(text, into: &target)
        } else {
            target.append(contentsOf: text)
        }
    }

    /// Appends attribute `index`'s value, references decoded, to `target`.
    func appendValue(of index: Int, to target: inout [UInt8]) {
        let attribute = attributes[index]
        let value = bytes(attribute.valueStart, attribute.valueEnd)
        if attribute.hasReferences {
            XMLReferences.decode(value, into: &target)
        } else {
            target.append(contentsOf: value)
        }
    }

    /// The index of the attribute whose qualified name is `name`, if any.
    func attribute(named name: String) -> Int? {
        var name = name
        return name.withUTF8 { wanted in
            attributes.firstIndex { bytes($0.nameStart, $0.nameEnd).elementsEqual(wanted) }
        }
    }

    /// The open elements' local names as a path (`/Document/CstmrCdtTrfInitn/PmtInf`).
    var elementPath: String {
        var path = ""
        for index in 0..<depth {
            let local = stackLocalStarts[index]
            path += "/" + String(decoding: stackNames[local..<stackNameEnds[index]], as: UTF8.self)
        }
        return path.isEmpty ? "/" : path
    }

    /// The innermost open element's qualified name.
    var openName: String {
        guard depth > 0 else { return "" }
        let start = depth > 1 ? stackNameEnds[depth - 2] : 0
        return String(decoding: stackNames[start..<stackNameEnds[depth - 1]], as: UTF8.self)
    }

    // MARK: buffer management

    /// Room to read into: compacts (keeping the pinned bytes and the unfinished
    /// token) when the buffer is full or half consumed, grows it only when the kept
    /// bytes alone fill it.
    func freeSpace() throws(XMLError) -> UnsafeMutableRawBufferPointer {
        guard let dropped = input.makeRoom(keeping: min(pin.map { $0 - base } ?? pos, pos)) else {
            if pin != nil {
                throw XMLError(
                    .recordTooLong,
                    "the element starting here is longer than \(maxRecordBytes) bytes"
                        + " (inside \(elementPath)); split the file or check that its end tag is not missing",
                    line: pinLine)
            }
            throw XMLError(
                .recordTooLong,
                "a tag, comment or CDATA section starting here is longer than \(maxRecordBytes) bytes;"
                    + " check that it is closed",
                line: line)
        }
        if dropped > 0 {
            checked -= dropped
            pos -= dropped
            invalidAt = invalidAt.map { $0 - dropped }
        }
        return input.freeSpace
    }

    /// Records that `count` bytes were read into the space `freeSpace()` returned
    /// (0 marks the end of input) and validates them.
    func append(count: Int) {
        input.append(count: count)
        validate()
    }

    /// Advances `checked` over complete, valid UTF-8 without forbidden control
    /// characters; stops before a sequence cut by the end of the buffered bytes
    /// (invalid at the end of input) and at the first invalid byte.
    private func validate() {
        guard invalidAt == nil else { return }
        let buffer = self.buffer
        var index = checked
        let end = self.end
        while index < end {
            if end - index >= 8 {
                let word = UnsafeRawPointer(buffer + index).loadUnaligned(as: UInt64.self)
                let high = word & 0x8080_8080_8080_8080
                let low = (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
                if high | low == 0 {
                    index += 8
                    continue
                }
            }
            let byte = buffer[index]
            if byte < 0x80 {
                if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
                    invalidAt = index
                    break
                }
                index += 1
                continue
            }
            let length = UTF8Validator.sequenceLength(buffer + index, available: end - index)
            if length > 0 {
                index += length
                continue
            }
            if length < 0 || atEOF { invalidAt = index }
            break
        }
        checked = index
        if atEOF && invalidAt == nil && checked < end { invalidAt = checked }
    }
}

@available(*, unavailable)
extension XMLScanner: Sendable {}
