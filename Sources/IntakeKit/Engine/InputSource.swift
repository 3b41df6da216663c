/// The bytes of a claimed file as the parsers read them: every raw byte is
/// counted and hashed (the job's SHA-256 is of the file as dropped), then
/// turned into UTF-8 when the workspace's documents are in another encoding.
struct InputSource: ByteSource {
    private var file: FileByteSource
    let observer: ReadObserver
    private let encoding: TextEncoding
    private var raw: [UInt8] = []
    private var decoded: [UInt8] = []
    private var decodedOffset = 0

    init(_ file: FileDescriptor, observer: ReadObserver, encoding: TextEncoding) {
        self.file = FileByteSource(file)
        self.observer = observer
        self.encoding = encoding
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard encoding != .utf8 else {
            let count = try file.read(into: buffer)
            if count > 0 { observer.observe(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) }
            if observer.nulOffset != nil { throw NulByteRead() }
            return count
        }
        if decodedOffset == decoded.count {
            decoded.removeAll(keepingCapacity: true)
            decodedOffset = 0
            if raw.count != 1 << 16 { raw = [UInt8](repeating: 0, count: 1 << 16) }
            var source = file
            let count = try raw.withUnsafeMutableBytes { try source.read(into: $0) }
            file = source
            guard count > 0 else { return 0 }
            raw.withUnsafeBytes { bytes in
                let chunk = UnsafeRawBufferPointer(rebasing: bytes[0..<count])
                observer.observe(chunk)
                SingleByteEncoding.decode(chunk, encoding, into: &decoded)
            }
            if observer.nulOffset != nil { throw NulByteRead() }
        }
        let count = min(buffer.count, decoded.count - decodedOffset)
        decoded.withUnsafeBytes { bytes in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[decodedOffset..<(decodedOffset + count)]))
        }
        decodedOffset += count
        return count
    }
}
