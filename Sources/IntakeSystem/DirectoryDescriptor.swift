import Glibc

/// An open folder, and operations on its entries by name relative to it
/// (`openat`, `fstatat`, `renameat`, `unlinkat`): a folder once opened stays the
/// folder that was checked, whatever is later renamed or linked in its place.
/// No operation here follows a symbolic link.
///
/// Owns exactly one descriptor; not shared across threads.
public final class DirectoryDescriptor {
    package let raw: Int32
    /// The path it was opened by, for messages.
    public let path: String

    private init(raw: Int32, path: String) {
        self.raw = raw
        self.path = path
    }

    deinit { Glibc.close(raw) }

    private static let flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC

    /// Opens a folder by path; fails (`ELOOP`/`ENOTDIR`) when the last
    /// component is a symbolic link or not a folder.
    public static func open(_ path: String) throws(SystemError) -> DirectoryDescriptor {
        let fd = try Syscalls.retrying("open", path: path) { Glibc.open(path, flags) }
        return DirectoryDescriptor(raw: fd, path: path)
    }

    /// Opens the folder `name` inside this one without following a link.
    public func openFolder(_ name: String) throws(SystemError) -> DirectoryDescriptor {
        let child = path + "/" + name
        let fd = try Syscalls.retrying("open", path: child) { openat(raw, name, DirectoryDescriptor.flags) }
        return DirectoryDescriptor(raw: fd, path: child)
    }

    /// Opens the regular file `name` inside this one for reading, without
    /// following a link (`O_NONBLOCK`: a FIFO never blocks the caller).
    public func openFile(_ name: String) throws(SystemError) -> FileDescriptor {
        let child = path + "/" + name
        let fd = try Syscalls.retrying("open", path: child) {
            openat(raw, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        }
        return FileDescriptor(adopting: fd, path: child)
    }

    /// `fstat(2)` of the folder itself.
    public func status() throws(SystemError) -> FileStatus {
        FileStatus(try Syscalls.fstat(raw, path: path))
    }

    /// `fstatat(2)` of an entry, never following a link; nil when there is none.
    public func status(of name: String) throws(SystemError) -> FileStatus? {
        try status(cName: Array(name.utf8CString), shown: name)
    }

    package func status(cName: [CChar], shown: String) throws(SystemError) -> FileStatus? {
        var info = stat()
        while fstatat(raw, cName, &info, AT_SYMLINK_NOFOLLOW) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == ENOENT { return nil }
            throw SystemError("fstatat", path: path + "/" + shown, code: code)
        }
        return FileStatus(info)
    }

    /// Every entry's name as bytes, without "." and "..".
    package func readEntries() throws(SystemError) -> [[UInt8]] {
        let copy = try Syscalls.retrying("dup", path: path) { dup(raw) }
        guard let dir = fdopendir(copy) else {
            let code = errno
            Glibc.close(copy)
            throw SystemError("fdopendir", path: path, code: code)
        }
        defer { closedir(dir) }
        rewinddir(dir)
        var names: [[UInt8]] = []
        while let entry = readdir(dir) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw -> [UInt8] in
                let all = raw.bindMemory(to: UInt8.self)
                return Array(all.prefix { $0 != 0 })
            }
            if bytes != [0x2E] && bytes != [0x2E, 0x2E] { names.append(bytes) }
        }
        return names
    }

    /// The entries' names, sorted, without "." and ".."; a name that is not
    /// valid UTF-8 is left out (see ``unrepresentableNames()``).
    public func names() throws(SystemError) -> [String] {
        try readEntries().compactMap { String(validating: $0, as: UTF8.self) }.sorted()
    }

    /// Renames entry `name` to `newName` in `target`, never replacing what is
    /// there (`EEXIST`); both ends are relative to open folders.
    public func move(_ name: String, to target: DirectoryDescriptor, as newName: String) throws(SystemError) {
        try move(cName: Array(name.utf8CString), shown: name, to: target, as: newName)
    }

    package func move(cName: [CChar], shown: String, to target: DirectoryDescriptor, as newName: String) throws(SystemError) {
        let what = "\(path)/\(shown)' to '\(target.path)/\(newName)"
        if try target.status(of: newName) != nil { throw SystemError("rename", path: what, code: EEXIST) }
        _ = try Syscalls.retrying("rename", path: what) { renameat(raw, cName, target.raw, newName) }
    }

    /// Removes the entry `name` (a file or a link, never a folder's content);
    /// a missing entry is not an error.
    public func remove(_ name: String) throws(SystemError) {
        try remove(cName: Array(name.utf8CString), shown: name)
    }

    package func remove(cName: [CChar], shown: String) throws(SystemError) {
        while unlinkat(raw, cName, 0) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == ENOENT { return }
            throw SystemError("unlink", path: path + "/" + shown, code: code)
        }
    }

    /// `fsync(2)` of the folder: renames in it reach the disk.
    public func sync() throws(SystemError) {
        _ = try Syscalls.retrying("fsync", path: path) { fsync(raw) }
    }
}

@available(*, unavailable)
extension DirectoryDescriptor: Sendable {}
