import Glibc

/// Positional reads and unnamed temporary files (the `.xlsx` reader's container
/// and its shared-strings spill file).
extension FileDescriptor {
    /// `pread(2)`: up to `buffer.count` bytes at `offset`, without moving the file
    /// offset; fewer only at the end of the file, 0 past it. Retries on EINTR.
    public func readPositional(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(SystemError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        return try Syscalls.retrying("pread", path: path) { Glibc.pread(raw, base, buffer.count, off_t(offset)) }
    }

    /// A new read-write file in `directory` that has no name: it is unlinked at
    /// once and its space is freed when the descriptor closes, even after a crash.
    public static func anonymousTemporary(in directory: String) throws(SystemError) -> FileDescriptor {
        var template = Array((directory + "/.intake-tmp-XXXXXX").utf8CString)
        let fd = try template.withUnsafeMutableBufferPointer { (name) throws(SystemError) -> Int32 in
            guard let base = name.baseAddress else { throw SystemError("mkstemp", path: directory, code: EINVAL) }
            return try Syscalls.retrying("mkstemp", path: directory) { mkstemp(base) }
        }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let descriptor = FileDescriptor(adopting: fd, path: path)
        try Syscalls.unlink(path)
        _ = try Syscalls.retrying("fcntl", path: path) { fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return descriptor
    }
}
