import IntakeCore
import IntakeSystem

/// A claimed file open for its import, leased again after the claim so that
/// anyone who opens it for writing from then on is noticed (spec section 4).
///
/// The lease is given up by the signal handler the moment a writer opens the
/// file (``LeaseSignal``), so the writer waits for nothing; ``change(at:)``
/// then reports the file as changed and the job is rolled back or, after the
/// commit, kept out of `archive/`.
public final class HeldDrop {
    /// The descriptor the document is read through.
    public let file: FileDescriptor
    /// What `fstat` said when the import began.
    public let before: FileStatus
    /// Whether a lease is held (false where leases are unavailable: then only
    /// size, mtime and inode tell a change).
    public let leased: Bool

    /// How a held drop has changed since the import began.
    public struct Change: Equatable, Sendable, CustomStringConvertible {
        /// Bytes when the import began.
        public let sizeBefore: Int64
        /// Bytes now (nil when the file is gone).
        public let sizeNow: Int64?
        /// True when a process opened the file for writing.
        public let openedForWriting: Bool

        public var description: String {
            var parts: [String] = []
            if let sizeNow {
                parts.append(sizeNow == sizeBefore
                    ? "it still has \(sizeBefore) bytes but was rewritten"
                    : "it had \(sizeBefore) bytes when read and has \(sizeNow) bytes now")
            } else {
                parts.append("it had \(sizeBefore) bytes and is gone")
            }
            if openedForWriting { parts.append("a process opened it for writing") }
            return parts.joined(separator: "; ")
        }
    }

    private init(file: FileDescriptor, before: FileStatus, leased: Bool) {
        self.file = file
        self.before = before
        self.leased = leased
    }

    /// What opening a claimed file found.
    public enum Opening {
        /// Open and, where leases work, leased.
        case held(HeldDrop)
        /// A process has it open for writing: give it back.
        case beingWritten
    }

    /// Opens a claimed file for its import; `lease` is false for `intake
    /// import`, whose claimed file is the caller's own, not an upload.
    public static func open(_ path: String, lease: Bool) throws(SystemError) -> Opening {
        let file = try FileDescriptor.openForReading(path)
        let before = try file.status()
        guard lease else { return .held(HeldDrop(file: file, before: before, leased: false)) }
        switch file.takeReadLease() {
        case .held: return .held(HeldDrop(file: file, before: before, leased: true))
        case .writerPresent: return .beingWritten
        case .unavailable: return .held(HeldDrop(file: file, before: before, leased: false))
        }
    }

    /// The change since the import began, checking the lease and what `lstat`
    /// says of `path` (where the file is now); nil when it is as it was.
    public func change(at path: String) throws(SystemError) -> Change? {
        let broken = leased && !file.holdsReadLease
        let now = try FileStatus.ifExists(path)
        if let now, Readiness.unchanged(before, now), !broken { return nil }
        return Change(sizeBefore: before.size, sizeNow: now?.size, openedForWriting: broken)
    }

    deinit { if leased { file.releaseLease() } }
}

@available(*, unavailable)
extension HeldDrop: Sendable {}
