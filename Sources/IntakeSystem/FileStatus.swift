import Glibc

/// What `lstat`/`fstat` says about a file, reduced to what Intake decides on.
public struct FileStatus: Equatable, Sendable {
    /// Size in bytes.
    public let size: Int64
    /// Modification time in nanoseconds since the epoch.
    public let modifiedNanos: Int64
    /// Inode number.
    public let inode: UInt64
    /// Device number (the root must live on one device).
    public let device: UInt64
    /// Permission bits (`st_mode & 0o7777`).
    public let permissions: UInt32
    /// Number of hard links.
    public let linkCount: UInt64
    /// Owner's user id.
    public let owner: UInt32
    /// Owner's group id.
    public let group: UInt32
    /// The file type.
    public let kind: Kind

    /// A file's type as far as Intake cares.
    public enum Kind: Equatable, Sendable { case regular, directory, symlink, other }

    package init(_ info: stat) {
        size = Int64(info.st_size)
        modifiedNanos = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        inode = UInt64(info.st_ino)
        device = UInt64(info.st_dev)
        permissions = UInt32(info.st_mode) & 0o7777
        linkCount = UInt64(info.st_nlink)
        owner = UInt32(info.st_uid)
        group = UInt32(info.st_gid)
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        default: kind = .other
        }
    }

    /// `lstat(2)`: never follows a symbolic link.
    public static func of(_ path: String) throws(SystemError) -> FileStatus {
        FileStatus(try Syscalls.lstat(path))
    }

    /// Like ``of(_:)`` but nil when the path does not exist.
    public static func ifExists(_ path: String) throws(SystemError) -> FileStatus? {
        do {
            return try of(path)
        } catch {
            if error.isNotFound { return nil }
            throw error
        }
    }
}
