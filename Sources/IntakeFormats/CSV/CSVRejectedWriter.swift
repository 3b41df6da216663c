import IntakeSystem
import IntakeCore
/// `JOB.rejected.csv`: the header and the failed rows, byte for byte in the
/// encoding the document was read in (its BOM too), each ending with the
/// document's line ending.
final class CSVRejectedWriter: RejectedRecordsWriter {
    private let file: BufferedFile
    private let lineEnding: [UInt8]
    private let encoding: EncodingChoice

    init(path: String, mode: UInt32, sealer: (any FileSealer)?, header: [UInt8], lineEnding: [UInt8], encoding: EncodingChoice) throws(SystemError) {
        file = try BufferedFile(path: path, mode: mode, sealer: sealer)
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
