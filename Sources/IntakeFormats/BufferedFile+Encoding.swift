import IntakeSystem
import IntakeCore
extension BufferedFile {
    /// Writes UTF-8 `bytes` in `encoding` (as they are for UTF-8).
    func write(_ bytes: UnsafeBufferPointer<UInt8>, in encoding: DocumentEncoding) throws(SystemError) {
        guard let encoded = encoding.encode(bytes) else { return try write(bytes) }
        try encoded.withUnsafeBufferPointer { (converted) throws(SystemError) in try write(converted) }
    }
}
