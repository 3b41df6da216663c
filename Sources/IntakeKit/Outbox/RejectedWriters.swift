/// `JOB.rejected.csv`: the header and the failed rows, byte for byte in the
/// encoding the document was read in (its BOM too), each ending with the
/// document's line ending.
final class CSVRejectedWriter: RejectedRecordsWriter {
    private let file: BufferedFile
    private let lineEnding: [UInt8]
    private let encoding: EncodingChoice

    init(path: String, mode: UInt32, header: [UInt8], lineEnding: [UInt8], encoding: EncodingChoice) throws(SystemError) {
        file = try BufferedFile(path: path, mode: mode)
        self.lineEnding = lineEnding
        self.encoding = encoding
        try encoding.current.byteOrderMark.withUnsafeBufferPointer { (bytes) throws(SystemError) in try file.write(bytes) }
        try header.withUnsafeBufferPointer { (bytes) throws(SystemError) in try file.write(bytes, in: encoding.current) }
    }

    func add(raw: UnsafeBufferPointer<UInt8>, group: Int) throws(SystemError) {
        // Asked per row: a document ASCII so far decides its encoding at its first other character.
        let current = encoding.current
        try file.write(raw, in: current)
        if raw.last != 0x0A && raw.last != 0x0D {
            try lineEnding.withUnsafeBufferPointer { (bytes) throws(SystemError) in try file.write(bytes, in: current) }
        }
    }

    func commit() throws(SystemError) { try file.commit() }
}

/// `JOB.rejected.json` / `.jsonl`: the failed records in the document's own
/// shape (an array, Trustpair's or Papaya's body, or JSON Lines), each record's
/// bytes as they were.
final class JSONRejectedWriter: RejectedRecordsWriter {
    private let file: BufferedFile
    private let separator: [UInt8]
    private let suffix: () -> String
    private let encoding: EncodingChoice
    private var count = 0

    /// `prefix` starts the file, `separator` goes between records, `suffix()`
    /// (read at commit, when the whole document is known) ends it.
    init(path: String, mode: UInt32, prefix: String, separator: String, suffix: @escaping () -> String,
         encoding: EncodingChoice) throws(SystemError) {
        file = try BufferedFile(path: path, mode: mode)
        self.separator = Array(separator.utf8)
        self.suffix = suffix
        self.encoding = encoding
        try encoding.current.byteOrderMark.withUnsafeBufferPointer { (bytes) throws(SystemError) in try file.write(bytes) }
        try Array(prefix.utf8).withUnsafeBufferPointer { (bytes) throws(SystemError) in try file.write(bytes, in: encoding.current) }
    }

    func add(raw: UnsafeBufferPointer<UInt8>, group: Int) throws(SystemError) {
        let current = encoding.current
        if count > 0 { try separator.withUnsafeBufferPointer { (bytes) throws(SystemError) in try file.write(bytes, in: current) } }
        count += 1
        try file.write(raw, in: current)
    }

    func commit() throws(SystemError) {
        try Array(suffix().utf8).withUnsafeBufferPointer { (bytes) throws(SystemError) in
            try file.write(bytes, in: encoding.current)
        }
        try file.commit()
    }
}

extension BufferedFile {
    /// Writes UTF-8 `bytes` in `encoding` (as they are for UTF-8).
    func write(_ bytes: UnsafeBufferPointer<UInt8>, in encoding: DocumentEncoding) throws(SystemError) {
        guard let encoded = encoding.encode(bytes) else { return try write(bytes) }
        try encoded.withUnsafeBufferPointer { (converted) throws(SystemError) in try write(converted) }
    }
}
