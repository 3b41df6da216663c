import Glibc

extension FileSystem {
    /// Takes `flock(2)` on the folder at `path` without waiting — shared, or
    /// with `exclusive` exclusive — and keeps it until the process exits: the
    /// descriptor is deliberately never closed (`O_CLOEXEC`, so no child
    /// inherits it). False when another process holds a conflicting lock.
    ///
    /// In SQLite mode `watch`, `run`, `import` and `retry` hold `locks/`
    /// shared for their lifetime: the claim on the root that `intake migrate`,
    /// which takes it exclusive, refuses to run beside.
    public static func lockFolderForProcessLifetime(_ path: String, exclusive: Bool) throws(SystemError) -> Bool {
        let fd = try Syscalls.retrying("open", path: path) { Glibc.open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        while true {
            if flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0 { return true }
            let code = errno
            if code == EINTR { continue }
            Glibc.close(fd)
            if code == EWOULDBLOCK { return false }
            throw SystemError("flock", path: path, code: code)
        }
    }
}
