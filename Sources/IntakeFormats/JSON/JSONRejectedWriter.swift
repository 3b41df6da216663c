import IntakeSystem
import IntakeCore
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
    init(path: String, mode: UInt32, sealer: (any FileSealer)?, prefix: String, separator: String, suffix: @escaping () -> String,
         encoding: EncodingChoice) throws(SystemError) {
        file = try BufferedFile(path: path, mode: mode, sealer: sealer)
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
