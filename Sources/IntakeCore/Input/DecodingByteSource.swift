/// A document's bytes turned into the UTF-8 every reader parses, whatever they
/// were written in, chosen as the spec says: a byte order mark (UTF-8, UTF-16
/// LE/BE) wins over the workspace's setting; an XML declaration's encoding is
/// honoured; in a workspace set to a single-byte encoding, a document whose
/// first non-ASCII bytes are a valid UTF-8 sequence is read as UTF-8.
///
/// Streaming: one 64 KiB chunk at a time. UTF-8 documents pass through with no
/// copy after the first chunk. `observe` sees every raw byte once, in order,
/// with whether a NUL byte in it means binary input (not for UTF-16).
/// A decoding failure (a lone surrogate, a cut UTF-16 character, U+0000) is
/// recorded in the ``EncodingChoice`` and thrown as ``DecodingFailed``.
package struct DecodingByteSource<Raw: ByteSource>: ByteSource {
    private enum Mode {
        case start, passthrough, sniff, singleByte(TextEncoding), utf16, finished
    }

    private var raw: Raw
    package let choice: EncodingChoice
    private let xml: Bool
    private let observe: (UnsafeRawBufferPointer, _ nulIsBinary: Bool) throws -> Void
    private var mode = Mode.start
    private var chunk: [UInt8] = []
    private var head: [UInt8] = []
    private var carry: [UInt8] = []
    private var out: [UInt8] = []
    private var outOffset = 0
    private var utf16 = UTF16Decoder(bigEndian: false)
    /// Lines seen while sniffing (the decision names the line).
    private var sniffLine = 1
    /// The single-byte encoding text that is not UTF-8 is read in: the
    /// workspace's, or an XML declaration's.
    private var fallback: TextEncoding
    /// Why `fallback` is not the workspace's (an XML declaration), else nil.
    private var fallbackReason: String?

    package static var chunkSize: Int { 1 << 16 }

    /// Decodes `raw` for a workspace whose encoding `choice` holds; `xml` reads an XML declaration.
    package init(_ raw: Raw, choice: EncodingChoice, xml: Bool = false,
         observe: @escaping (UnsafeRawBufferPointer, _ nulIsBinary: Bool) throws -> Void = { _, _ in }) {
        self.raw = raw
        self.choice = choice
        self.xml = xml
        self.observe = observe
        fallback = choice.configured
    }

    package mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while outOffset == out.count {
            switch mode {
            case .finished:
                return 0
            case .passthrough:
                let count = try raw.read(into: buffer)
                if count > 0 { try observe(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), true) }
                return count
            default:
                try fill()
            }
        }
        let count = min(buffer.count, out.count - outOffset)
        out.withUnsafeBytes { bytes in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[outOffset..<(outOffset + count)]))
        }
        outOffset += count
        return count
    }

    /// Reads one raw chunk and decodes it into `out` as the mode says.
    private mutating func fill() throws {
        out.removeAll(keepingCapacity: true)
        outOffset = 0
        if chunk.count != Self.chunkSize { chunk = [UInt8](repeating: 0, count: Self.chunkSize) }
        var source = raw
        let count = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
        raw = source
        if case .start = mode {
            head.append(contentsOf: chunk[0..<count])
            if count > 0 && EncodingSniffer.needsMore(head, xml: xml) { return }
            try start(atEnd: count == 0)
            return
        }
        guard count > 0 else { return try end() }
        let isUTF16: Bool = if case .utf16 = mode { true } else { false }
        try chunk.withUnsafeBytes { bytes in
            let read = UnsafeRawBufferPointer(rebasing: bytes[0..<count])
            try observe(read, !isUTF16)
            try decode(read)
        }
    }

    /// Chooses the encoding from the first bytes, then decodes them.
    private mutating func start(atEnd: Bool) throws {
        var skip = 0
        var label: String?
        if let (encoding, length) = EncodingSniffer.byteOrderMark(head) {
            choice.choose(encoding, because: "it starts with a \(encoding.name) byte order mark")
            begin(encoding)
            if case .utf16 = encoding { skip = length }
        } else if xml, let declared = EncodingSniffer.xmlDeclaration(head, label: &label) {
            let reason = label.map { "its XML declaration says encoding=\"\($0)\"" } ?? "its first characters are UTF-16"
            if case .singleByte(let single) = declared {
                // A declaration may lie (a UTF-8 export labelled Latin-1): UTF-8 text still wins.
                fallback = single
                fallbackReason = reason
                mode = .sniff
            } else {
                choice.choose(declared, because: reason)
                begin(declared)
            }
        } else if choice.configured == .utf8 {
            mode = .passthrough
        } else {
            mode = .sniff
        }
        let isUTF16: Bool = if case .utf16 = mode { true } else { false }
        let bytes = head
        head = []
        try bytes.withUnsafeBytes { all in
            try observe(all, !isUTF16)
            try decode(UnsafeRawBufferPointer(rebasing: all[skip...]))
        }
        if atEnd { try end() }
    }

    private mutating func begin(_ encoding: DocumentEncoding) {
        switch encoding {
        case .utf8: mode = .passthrough
        case .singleByte(let single): mode = .singleByte(single)
        case .utf16(let bigEndian):
            utf16 = UTF16Decoder(bigEndian: bigEndian)
            mode = .utf16
        }
    }

    private mutating func decode(_ bytes: UnsafeRawBufferPointer) throws {
        switch mode {
        case .start, .finished:
            break
        case .passthrough:
            out.append(contentsOf: bytes)
        case .singleByte(let encoding):
            SingleByteEncoding.decode(bytes, encoding, into: &out)
        case .utf16:
            if let problem = utf16.decode(bytes, into: &out) { try fail(problem) }
        case .sniff:
            try sniff(bytes)
        }
    }

    /// ASCII passes; the first non-ASCII bytes decide between UTF-8 and the configured encoding.
    private mutating func sniff(_ fresh: UnsafeRawBufferPointer) throws {
        let bytes = carry + Array(fresh)
        carry = []
        var index = 0
        while index < bytes.count && bytes[index] < 0x80 {
            if bytes[index] == 0x0A { sniffLine += 1 }
            index += 1
        }
        out.append(contentsOf: bytes[0..<index])
        guard index < bytes.count else { return }
        let length = bytes.withUnsafeBufferPointer { all in
            all.baseAddress.map { UTF8Validator.sequenceLength($0 + index, available: bytes.count - index) } ?? -1
        }
        if length == 0 {
            carry = Array(bytes[index...])
            return
        }
        if length > 0 {
            choice.choose(.utf8, because: "its first non-ASCII characters (line \(sniffLine)) are UTF-8")
            mode = .passthrough
        } else {
            useFallback()
        }
        try bytes[index...].withUnsafeBytes { try decode($0) }
    }

    /// The input ended: a cut UTF-16 character fails, a cut UTF-8 lead is single-byte text.
    private mutating func end() throws {
        switch mode {
        case .utf16:
            if let problem = utf16.finish() { try fail(problem) }
        case .sniff where !carry.isEmpty:
            useFallback()
            let rest = carry
            carry = []
            try rest.withUnsafeBytes { try decode($0) }
        default:
            break
        }
        mode = .finished
    }

    /// Text that is not UTF-8: read in the workspace's or the declared single-byte encoding.
    private mutating func useFallback() {
        if let fallbackReason { choice.choose(.singleByte(fallback), because: fallbackReason) }
        mode = .singleByte(fallback)
    }

    private func fail(_ problem: UTF16Decoder.Problem) throws -> Never {
        let failure: DocumentFailure
        switch problem {
        case .loneSurrogate(let line):
            failure = DocumentFailure(
                "invalid_encoding",
                "the UTF-16 text holds half a character (a lone surrogate); the file is damaged: export it again",
                line: line)
        case .truncated(let line):
            failure = DocumentFailure(
                "invalid_encoding",
                "the UTF-16 file ends in the middle of a character (an odd number of bytes, or half a surrogate pair); was the upload cut off? Send the complete file again",
                line: line)
        case .nul(let line):
            failure = DocumentFailure(
                "nul_byte", "the UTF-16 text holds a NUL character (U+0000); the file is damaged or not text: export it again",
                line: line)
        }
        choice.fail(failure)
        throw DecodingFailed(failure: failure)
    }
}

/// What ``DecodingByteSource`` throws when its bytes cannot be decoded; the
/// reader wraps it, the engine reports ``failure`` (also kept in the choice).
package struct DecodingFailed: Error, CustomStringConvertible {
    package let failure: DocumentFailure
    package var description: String { failure.description }
}
