/// A file written through a 64 KiB buffer, under a temporary name until
/// ``commit()`` fsyncs it and renames it into place (readers never see half a file).
/// With a ``FileSealer`` its bytes are sealed (encrypted) as they are written
/// and its name gets the sealer's suffix (`.pgp`).
public final class BufferedFile {
    private let file: FileDescriptor
    /// The final path (with the sealer's suffix, if any).
    public let path: String
    private let temporaryPath: String
    private var buffer: [UInt8] = []
    private var committed = false
    private var sink: (any SealingSink)?
    /// Bytes written so far (before sealing).
    public private(set) var size = 0

    /// Creates `path`'s temporary sibling with `mode`; with `sealer`, the file
    /// is `path` plus the sealer's suffix and holds only sealed bytes.
    public init(path: String, mode: UInt32, sealer: (any FileSealer)? = nil) throws(SystemError) {
        let path = path + (sealer?.suffix ?? "")
        self.path = path
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        // Unique per file object, so two writers of the same final name (a
        // report abandoned for a failure report) never share a temporary file.
        let unique = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        temporaryPath = String(path[..<slash]) + "." + String(path[slash...]) + ".tmp-\(FileSystem.processID)-" + unique
        file = try FileDescriptor.openForWriting(temporaryPath, mode: mode)
        try file.setPermissions(mode)
        buffer.reserveCapacity(1 << 16)
        do {
            sink = try sealer?.seal(into: file, path: path)
        } catch {
            try? FileSystem.removeFile(temporaryPath)
            throw error
        }
    }

    deinit {
        sink?.cancel()
        if !committed { try? FileSystem.removeFile(temporaryPath) }
    }

    /// Appends bytes.
    public func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(SystemError) {
        size += bytes.count
        if buffer.count + bytes.count > 1 << 16 { try flush() }
        if bytes.count >= 1 << 16 {
            try store(UnsafeRawBufferPointer(bytes))
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Appends a string's UTF-8.
    public func write(_ text: String) throws(SystemError) {
        var text = text
        try Syscalls.typed { try text.withUTF8 { try write($0) } }
    }

    private func flush() throws(SystemError) {
        guard !buffer.isEmpty else { return }
        try Syscalls.typed { try buffer.withUnsafeBytes { try store($0) } }
        buffer.removeAll(keepingCapacity: true)
    }

    private func store(_ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        if let sink { return try sink.write(bytes) }
        try file.write(bytes)
    }

    /// Flushes, fsyncs and renames the file to its final name. `durable` false
    /// skips the fsync: the file still appears whole or not at all while the
    /// machine runs, but a power cut may leave it empty (metrics, rewritten
    /// every second anyway).
    public func commit(durable: Bool = true) throws(SystemError) {
        try flush()
        try sink?.finish()
        sink = nil
        if durable { try file.sync() }
        try FileSystem.rename(temporaryPath, to: path)
        committed = true
    }

    /// Flushes a scratch file that is read back and thrown away, never put in
    /// place: its bytes are readable at the returned path (removed with the object).
    public func flushedScratch() throws(SystemError) -> String {
        precondition(sink == nil, "a sealed file is never read back")
        try flush()
        return temporaryPath
    }

    /// Writes `text` to `path` atomically in one go.
    public static func write(_ text: String, to path: String, mode: UInt32, durable: Bool = true) throws(SystemError) {
        let file = try BufferedFile(path: path, mode: mode)
        try file.write(text)
        try file.commit(durable: durable)
    }
}

@available(*, unavailable)
extension BufferedFile: Sendable {}

extension FileSystem {
    /// Streams the bytes of the file at `path` into `file`.
    package static func append(contentsOf path: String, to file: BufferedFile) throws(SystemError) {
        let source = try FileDescriptor.openForReading(path)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try Syscalls.typed { try buffer.withUnsafeMutableBytes { try source.read(into: $0) } }
            if n == 0 { return }
            try Syscalls.typed { try buffer.withUnsafeBufferPointer { try file.write(UnsafeBufferPointer(rebasing: $0[0..<n])) } }
        }
    }
}
