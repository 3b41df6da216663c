import Glibc

/// The one layer through which Intake makes system calls. Every call retries on
/// `EINTR` and turns a failure into a ``SystemError``; no errno escapes.
package enum Syscalls {
    /// Runs `body` until it does not fail with EINTR; returns its result or throws.
    @inline(__always)
    package static func retrying<R: BinaryInteger>(
        _ operation: String, path: String, _ body: () -> R
    ) throws(SystemError) -> R {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = errno
            if code == EINTR { continue }
            throw SystemError(operation, path: path, code: code)
        }
    }

    package static func rename(_ from: String, _ to: String) throws(SystemError) {
        _ = try retrying("rename", path: "\(from)' to '\(to)") { Glibc.rename(from, to) }
    }

    /// Renames unless something already has the target name (then EEXIST).
    /// Intake's targets carry a unique job id, so the check-then-rename gap
    /// only matters for names given back to the inbox.
    package static func renameNoReplace(_ from: String, _ to: String) throws(SystemError) {
        var info = stat()
        if Glibc.lstat(to, &info) == 0 {
            throw SystemError("rename", path: "\(from)' to '\(to)", code: EEXIST)
        }
        try rename(from, to)
    }

    /// Runs an API that takes a rethrowing closure and gives back the
    /// ``SystemError`` the closure threw, keeping throws typed.
    package static func typed<R>(_ body: () throws -> R) throws(SystemError) -> R {
        do {
            return try body()
        } catch let error as SystemError {
            throw error
        } catch {
            preconditionFailure("only SystemError is thrown here, got \(error)")
        }
    }

    package static func link(_ from: String, _ to: String) throws(SystemError) {
        _ = try retrying("link", path: "\(from)' to '\(to)") { Glibc.link(from, to) }
    }

    package static func unlink(_ path: String) throws(SystemError) {
        _ = try retrying("unlink", path: path) { Glibc.unlink(path) }
    }

    package static func mkdir(_ path: String, mode: mode_t = 0o750) throws(SystemError) {
        let result = Glibc.mkdir(path, mode)
        if result == 0 { return }
        let code = errno
        if code == EEXIST { return }
        throw SystemError("mkdir", path: path, code: code)
    }

    package static func lstat(_ path: String) throws(SystemError) -> stat {
        var info = stat()
        _ = try retrying("lstat", path: path) { Glibc.lstat(path, &info) }
        return info
    }

    package static func fstat(_ fd: Int32, path: String) throws(SystemError) -> stat {
        var info = stat()
        _ = try retrying("fstat", path: path) { Glibc.fstat(fd, &info) }
        return info
    }

    package static func fsyncDirectory(_ path: String) throws(SystemError) {
        let fd = try retrying("open", path: path) {
            Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        }
        defer { Glibc.close(fd) }
        _ = try retrying("fsync", path: path) { Glibc.fsync(fd) }
    }

    package static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
