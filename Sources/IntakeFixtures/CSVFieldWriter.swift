/// Accumulates RFC 4180 CSV records as UTF-8 bytes in a reusable buffer.
///
/// A field is quoted only when it contains a comma, a double quote, CR or LF
/// (like Python's `csv.QUOTE_MINIMAL`); embedded double quotes are doubled.
struct CSVFieldWriter {
    /// Bytes written since the last ``drain(_:)``.
    private(set) var buffer: [UInt8] = []
    private var atRecordStart = true
    private let lineEnding: [UInt8]

    /// `crlf` selects "\r\n" record terminators instead of "\n".
    init(crlf: Bool, capacity: Int) {
        lineEnding = crlf ? [13, 10] : [10]
        buffer.reserveCapacity(capacity)
    }

    /// Appends raw bytes (e.g. a BOM) outside any record.
    mutating func appendRaw(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
    }

    /// Appends one field to the current record.
    mutating func field(_ bytes: [UInt8]) {
        if !atRecordStart { buffer.append(44) }
        atRecordStart = false
        var needsQuotes = false
        for byte in bytes where byte == 44 || byte == 34 || byte == 10 || byte == 13 {
            needsQuotes = true
            break
        }
        guard needsQuotes else {
            buffer.append(contentsOf: bytes)
            return
        }
        buffer.append(34)
        for byte in bytes {
            if byte == 34 { buffer.append(34) }
            buffer.append(byte)
        }
        buffer.append(34)
    }

    /// Terminates the current record.
    mutating func endRecord() {
        buffer.append(contentsOf: lineEnding)
        atRecordStart = true
    }

    /// Hands the pending bytes to `sink` and empties the buffer (keeping its capacity).
    mutating func drain(_ sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try sink($0) }
        buffer.removeAll(keepingCapacity: true)
    }
}
