import Glibc

/// Folder and file operations on paths, all through ``Syscalls``.
public enum FileSystem {
    /// Creates `path` and any missing parents.
    public static func createDirectories(_ path: String, mode: UInt32 = 0o750) throws(SystemError) {
        // Most calls find the folder there already: one mkdir says so.
        if Glibc.mkdir(path, mode_t(mode)) == 0 || errno == EEXIST { return }
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            current += "/" + part
            try Syscalls.mkdir(current, mode: mode_t(mode))
        }
    }

    /// The names in a folder, sorted, without "." and "..". Empty when it does not exist.
    public static func list(_ path: String) throws(SystemError) -> [String] {
        guard let dir = opendir(path) else {
            let code = errno
            if code == ENOENT { return [] }
            throw SystemError("opendir", path: path, code: code)
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = entryName(entry)
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        return names.sorted()
    }

    /// A directory entry's name.
    package static func entryName(_ entry: UnsafeMutablePointer<dirent>) -> String {
        withUnsafeBytes(of: entry.pointee.d_name) { raw -> String in
            let bytes = raw.bindMemory(to: UInt8.self)
            let length = bytes.firstIndex(of: 0) ?? bytes.count
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<length]), as: UTF8.self)
        }
    }

    /// `rename(2)`: atomic within one filesystem; replaces an existing target.
    public static func rename(_ from: String, to: String) throws(SystemError) {
        try Syscalls.rename(from, to)
    }

    /// Renames but never replaces an existing file at `to`.
    public static func renameNoReplace(_ from: String, to: String) throws(SystemError) {
        try Syscalls.renameNoReplace(from, to)
    }

    /// `link(2)`.
    public static func link(_ from: String, to: String) throws(SystemError) {
        try Syscalls.link(from, to)
    }

    /// Removes a file; a missing file is not an error.
    public static func removeFile(_ path: String) throws(SystemError) {
        do {
            try Syscalls.unlink(path)
        } catch {
            if error.isNotFound { return }
            throw error
        }
    }

    /// Makes a rename in `folder` durable.
    public static func syncDirectory(_ folder: String) throws(SystemError) {
        try Syscalls.fsyncDirectory(folder)
    }

    /// True when something (of any kind, links included) exists at `path`.
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return Glibc.lstat(path, &info) == 0
    }

    /// Reads a whole small regular file (configuration, fixtures).
    public static func readFile(_ path: String, limit: Int = 16 << 20) throws(SystemError) -> [UInt8] {
        try FileDescriptor.openForReading(path).readAll(limit: limit)
    }

    /// The machine's host name, read once (`uname(2)` behind `gethostname`):
    /// every lock holder line names it.
    public static let hostname: String = Syscalls.hostname()

    /// This process's id, read once: Intake never forks without `exec`
    /// (children are started with `posix_spawn`), so it cannot change.
    public static var processID: Int32 { CurrentProcess.processID }

    /// The gid of the group `name` (`getgrnam_r`), nil when there is none.
    public static func groupID(named name: String) -> UInt32? {
        var group = Glibc.group()
        var found: UnsafeMutablePointer<Glibc.group>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        let status = getgrnam_r(name, &group, &buffer, buffer.count, &found)
        guard status == 0, found != nil else { return nil }
        return UInt32(group.gr_gid)
    }

    /// Gives `path` (never through a link) the owner `uid`, the group `gid` and `mode`.
    public static func setOwner(_ path: String, uid: UInt32, gid: UInt32, mode: UInt32) throws(SystemError) {
        _ = try Syscalls.retrying("chown", path: path) { lchown(path, uid_t(uid), gid_t(gid)) }
        _ = try Syscalls.retrying("chmod", path: path) { chmod(path, mode_t(mode)) }
    }

    /// Gives `path` (never through a link) the group `gid` and `mode`.
    public static func setGroup(_ path: String, gid: UInt32, mode: UInt32) throws(SystemError) {
        _ = try Syscalls.retrying("chown", path: path) { lchown(path, uid_t.max, gid_t(gid)) }
        _ = try Syscalls.retrying("chmod", path: path) { chmod(path, mode_t(mode)) }
    }
}

extension FileSystem {
    /// Copies a regular file's bytes to a new file (never over an existing one).
    public static func copy(_ from: String, to: String) throws(SystemError) {
        let source = try FileDescriptor.openForReading(from)
        let mode = try source.status().permissions
        let target = try FileDescriptor.openForWriting(to, mode: mode_t(mode), truncate: false, exclusive: true)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = try Syscalls.typed { try buffer.withUnsafeMutableBytes { try source.read(into: $0) } }
            if n == 0 { break }
            try Syscalls.typed {
                try buffer.withUnsafeBytes { try target.write(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            }
        }
        try target.sync()
    }
}
