import Glibc

/// A failed system call: which call, on which path, and the C error.
///
/// Equatable so tests can compare; the message says what failed, where, and
/// when the errno suggests one, what to do about it.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The operation, e.g. "open", "rename".
    public let operation: String
    /// The path (or paths) the call was about.
    public let path: String
    /// The C error number (`errno`).
    public let code: Int32

    /// Creates an error from an operation, a path and an errno value.
    public init(_ operation: String, path: String, code: Int32) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    /// True when the error means the disk (or a quota) is full.
    public var isNoSpace: Bool { code == ENOSPC || code == EDQUOT }
    /// True when the file or folder does not exist.
    public var isNotFound: Bool { code == ENOENT }
    /// True when something already has the target name (`EEXIST`).
    public var alreadyExists: Bool { code == EEXIST }

    /// The C error's text, e.g. "No such file or directory".
    public var reason: String { String(cString: strerror(code)) }

    public var description: String {
        var text = "\(operation) '\(path)' failed: \(reason) (errno \(code))"
        switch code {
        case ENOSPC, EDQUOT: text += "; free some disk space, the job will be retried"
        case EACCES, EPERM: text += "; check the owner and mode of the folder"
        case EXDEV: text += "; keep the whole root on one filesystem"
        case EROFS: text += "; the filesystem is read-only"
        case EFBIG where operation == "read": text += " (larger than Intake reads whole); check the file is the one meant"
        default: break
        }
        return text
    }
}
