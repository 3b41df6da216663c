/// `JOB.rejected.csv`: the header and the failed rows, byte for byte (in the
/// document's own encoding), each ending with the document's line ending.
final class CSVRejectedWriter: RejectedRecordsWriter {
    private let file: BufferedFile
    private let lineEnding: [UInt8]
    private let encoding: TextEncoding

    init(path: String, mode: UInt32, header: [UInt8], lineEnding: [UInt8], encoding: TextEncoding) throws(SystemError) {
        file = try BufferedFile(path: path, mode: mode)
        self.lineEnding = lineEnding
        self.encoding = encoding
        try header.withUnsafeBufferPointer { (bytes) throws(SystemError) in try write(bytes) }
    }

    private func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(SystemError) {
        if encoding == .utf8 {
            try file.write(bytes)
        } else {
            try SingleByteEncoding.encode(bytes, encoding).withUnsafeBufferPointer { (encoded) throws(SystemError) in
                try file.write(encoded)
            }
        }
    }

    func add(raw: UnsafeBufferPointer<UInt8>, group: Int) throws(SystemError) {
        try write(raw)
        if raw.last != 0x0A && raw.last != 0x0D {
            try lineEnding.withUnsafeBufferPointer { (bytes) throws(SystemError) in try file.write(bytes) }
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
    private let encoding: TextEncoding
    private var count = 0

    /// `prefix` starts the file, `separator` goes between records, `suffix()`
    /// (read at commit, when the whole document is known) ends it.
    init(path: String, mode: UInt32, prefix: String, separator: String, suffix: @escaping () -> String,
         encoding: TextEncoding) throws(SystemError) {
        file = try BufferedFile(path: path, mode: mode)
        self.separator = Array(separator.utf8)
        self.suffix = suffix
        self.encoding = encoding
        try file.write(prefix)
    }

    func add(raw: UnsafeBufferPointer<UInt8>, group: Int) throws(SystemError) {
        if count > 0 { try separator.withUnsafeBufferPointer { (bytes) throws(SystemError) in try file.write(bytes) } }
        count += 1
        if encoding == .utf8 {
            try file.write(raw)
        } else {
            try SingleByteEncoding.encode(raw, encoding).withUnsafeBufferPointer { (bytes) throws(SystemError) in
                try file.write(bytes)
            }
        }
    }

    func commit() throws(SystemError) {
        try file.write(suffix())
        try file.commit()
    }
}
