import Glibc

/// An open file descriptor that is closed when this object goes away.
///
/// Owns exactly one descriptor; not shared across threads.
public final class FileDescriptor {
    /// The raw descriptor, for the syscall layer only.
    package let raw: Int32
    /// The path it was opened with, for messages.
    public let path: String

    private init(raw: Int32, path: String) {
        self.raw = raw
        self.path = path
    }

    /// Takes ownership of a descriptor opened elsewhere in the syscall layer.
    package convenience init(adopting fd: Int32, path: String) {
        self.init(raw: fd, path: path)
    }

    deinit { Glibc.close(raw) }

    /// Opens an existing regular file for reading without following a symbolic link
    /// (`O_NOFOLLOW`) and refuses anything that is not a regular file (FIFOs, devices).
    public static func openForReading(_ path: String) throws(SystemError) -> FileDescriptor {
        let fd = try Syscalls.retrying("open", path: path) {
            Glibc.open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        }
        let descriptor = FileDescriptor(raw: fd, path: path)
        let status = try descriptor.status()
        guard status.kind == .regular else {
            throw SystemError("open (not a regular file)", path: path, code: EINVAL)
        }
        return descriptor
    }

    /// Opens (creating if needed) a file for writing; `truncate` empties it first.
    public static func openForWriting(
        _ path: String, mode: mode_t = 0o640, truncate: Bool = true, exclusive: Bool = false
    ) throws(SystemError) -> FileDescriptor {
        var flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC
        if truncate { flags |= O_TRUNC }
        if exclusive { flags |= O_EXCL }
        let fd = try Syscalls.retrying("open", path: path) { Glibc.open(path, flags, mode) }
        return FileDescriptor(raw: fd, path: path)
    }

    /// Opens a file read-write, creating it if missing, never truncating (lock files).
    public static func openLockFile(_ path: String) throws(SystemError) -> FileDescriptor {
        let fd = try Syscalls.retrying("open", path: path) {
            Glibc.open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o640)
        }
        return FileDescriptor(raw: fd, path: path)
    }

    /// `fstat(2)` of the open file.
    public func status() throws(SystemError) -> FileStatus {
        FileStatus(try Syscalls.fstat(raw, path: path))
    }

    /// Reads up to `buffer.count` bytes; 0 at end of file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = Glibc.read(raw, base, buffer.count)
            if n >= 0 { return n }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN { continue }
            throw SystemError("read", path: path, code: code)
        }
    }

    /// Writes all of `bytes`, looping over short writes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        guard var base = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = Glibc.write(raw, base, left)
            if n < 0 {
                let code = errno
                if code == EINTR { continue }
                throw SystemError("write", path: path, code: code)
            }
            left -= n
            base += n
        }
    }

    /// Writes a whole byte array.
    public func write(_ bytes: [UInt8]) throws(SystemError) {
        try Syscalls.typed { try bytes.withUnsafeBytes { try write($0) } }
    }

    /// Replaces the whole content with `text` (truncate, then write at offset 0).
    public func replaceContent(with text: String) throws(SystemError) {
        _ = try Syscalls.retrying("ftruncate", path: path) { Glibc.ftruncate(raw, 0) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                Glibc.pwrite(raw, buffer.baseAddress.map { $0 + offset }, bytes.count - offset, off_t(offset))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError("write", path: path, code: errno)
            }
            offset += n
        }
    }

    /// Reads the whole file from offset 0 (small files only: lock holders, configs).
    /// A file of more than `limit` bytes is an error (`EFBIG`), never read in part.
    public func readAll(limit: Int = 1 << 20) throws(SystemError) -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var offset: off_t = 0
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.pread(raw, $0.baseAddress, $0.count, offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError("read", path: path, code: errno)
            }
            if n == 0 { break }
            guard result.count + n <= limit else { throw SystemError("read", path: path, code: EFBIG) }
            result += chunk[0..<n]
            offset += off_t(n)
        }
        return result
    }

    /// `fsync(2)`: the data and metadata reach the disk.
    public func sync() throws(SystemError) {
        _ = try Syscalls.retrying("fsync", path: path) { Glibc.fsync(raw) }
    }

    /// `fchmod(2)`.
    public func setPermissions(_ mode: UInt32) throws(SystemError) {
        _ = try Syscalls.retrying("fchmod", path: path) { Glibc.fchmod(raw, mode_t(mode)) }
    }

    /// Tries `flock(LOCK_EX | LOCK_NB)`; false when another open file holds it.
    public func tryLockExclusive() throws(SystemError) -> Bool {
        while true {
            if flock(raw, LOCK_EX | LOCK_NB) == 0 { return true }
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK { return false }
            throw SystemError("flock", path: path, code: code)
        }
    }

    /// Releases a lock taken with ``tryLockExclusive()``.
    public func unlock() {
        _ = flock(raw, LOCK_UN)
    }
}
