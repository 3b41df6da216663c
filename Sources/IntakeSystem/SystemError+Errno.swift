import Glibc

/// The C errors callers decide on, by name (as swift-system's `Errno` does):
/// callers outside this target never compare against an `errno` constant.
extension SystemError {
    /// Permission denied: the caller's user may not do this (`EACCES`, `EPERM`).
    public var isPermissionDenied: Bool { code == EACCES || code == EPERM }
    /// The call would cross filesystems (`EXDEV`): a rename or link across mounts.
    public var isCrossDevice: Bool { code == EXDEV }
    /// The operation is not permitted here (`EPERM`): a hard link on a
    /// filesystem that refuses them, for one.
    public var isNotPermitted: Bool { code == EPERM }
    /// Too many links to the file (`EMLINK`).
    public var isTooManyLinks: Bool { code == EMLINK }
    /// A symbolic link where `O_NOFOLLOW` forbids one (`ELOOP`).
    public var isSymbolicLink: Bool { code == ELOOP }
    /// A path component is not a folder (`ENOTDIR`).
    public var isNotDirectory: Bool { code == ENOTDIR }
    /// What the open of a regular file refuses for a special file or a link
    /// (`ELOOP`, `EINVAL`, `ENXIO`, `ENODEV`).
    public var isNotARegularFile: Bool { code == ELOOP || code == EINVAL || code == ENXIO || code == ENODEV }

    /// A read that came up short of what was written or promised (`EIO`).
    public static func readFailed(_ what: String, path: String) -> SystemError {
        SystemError(what, path: path, code: EIO)
    }

    /// Sealing (encrypting) a file failed (`EIO`): `what` says what and why.
    public static func sealFailed(_ what: String, path: String) -> SystemError {
        SystemError(what, path: path, code: EIO)
    }
}
