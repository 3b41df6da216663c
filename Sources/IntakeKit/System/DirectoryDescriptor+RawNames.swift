import Glibc

/// Entries whose names are not valid UTF-8: a `String` cannot name them, so
/// they are found, looked at, moved and removed by their bytes (a drop with
/// such a name is refused with a result, never left in the inbox unanswered).
extension DirectoryDescriptor {
    /// An entry whose name is not valid UTF-8: its bytes, and the name with
    /// each invalid byte shown as U+FFFD (for messages and reports only).
    public struct RawName: Equatable, Sendable {
        /// The name as the filesystem holds it.
        public let bytes: [UInt8]
        /// A readable stand-in.
        public var shown: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// The entries whose names are not valid UTF-8 (which ``names()`` cannot
    /// represent), sorted by their bytes.
    public func unrepresentableNames() throws(SystemError) -> [RawName] {
        try readEntries().compactMap { bytes in
            String(validatingCString: bytes.map { CChar(bitPattern: $0) } + [0]) == nil ? RawName(bytes: bytes) : nil
        }.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
    }

    /// `fstatat(2)` of an entry named by raw bytes, never following a link.
    public func status(of name: RawName) throws(SystemError) -> FileStatus? {
        var info = stat()
        let cName = name.bytes.map { CChar(bitPattern: $0) } + [0]
        while fstatat(raw, cName, &info, AT_SYMLINK_NOFOLLOW) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == ENOENT { return nil }
            throw SystemError("fstatat", path: path + "/" + name.shown, code: code)
        }
        return FileStatus(info)
    }

    /// Renames the entry named by raw bytes to a (valid) `newName` in `target`,
    /// or removes it when it is a link (`unlink`).
    public func move(_ name: RawName, to target: DirectoryDescriptor, as newName: String) throws(SystemError) {
        let cName = name.bytes.map { CChar(bitPattern: $0) } + [0]
        let what = "\(path)/\(name.shown)' to '\(target.path)/\(newName)"
        if try target.status(of: newName) != nil { throw SystemError("rename", path: what, code: EEXIST) }
        _ = try Syscalls.retrying("rename", path: what) { renameat(raw, cName, target.raw, newName) }
    }

    /// Removes the entry named by raw bytes (a file or a link).
    public func remove(_ name: RawName) throws(SystemError) {
        let cName = name.bytes.map { CChar(bitPattern: $0) } + [0]
        while unlinkat(raw, cName, 0) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == ENOENT { return }
            throw SystemError("unlink", path: path + "/" + name.shown, code: code)
        }
    }
}
