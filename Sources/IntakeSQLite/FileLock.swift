import IntakeSystem
import IntakeCore
/// The per-workspace lock of SQLite mode: `flock(LOCK_EX|LOCK_NB)` on
/// `locks/WORKSPACE.lock`, held while one job runs. The file is never replaced
/// or removed; the holder (`pid=… host=… job=… since=…`) is written into the
/// locked descriptor.
///
/// Released when ``release()`` is called or the object goes away (closing the
/// descriptor releases the lock, as does the process dying).
public final class FileLock: WorkspaceLock {
    private let file: FileDescriptor
    /// The workspace it locks.
    public let workspace: String
    private var held = true

    private init(file: FileDescriptor, workspace: String) {
        self.file = file
        self.workspace = workspace
    }

    deinit { if held { file.unlock() } }

    /// Takes the lock without waiting; nil when another process (or another
    /// open of the file in this process) holds it.
    public static func tryAcquire(root: Root, workspace: String, job: String?) throws(SystemError) -> FileLock? {
        let file = try FileDescriptor.openLockFile(root.lock(workspace))
        guard try file.tryLockExclusive() else { return nil }
        let lock = FileLock(file: file, workspace: workspace)
        try lock.setHolder(job: job)
        return lock
    }

    /// Writes who holds the lock into the lock file.
    public func setHolder(job: String?) throws(SystemError) {
        try file.replaceContent(with: LockHolder.current(job: job).line)
    }

    /// A flock cannot be lost while its descriptor is open.
    public func confirmHeld() {}

    /// Releases the lock (the holder line stays as the last holder).
    public func release() {
        guard held else { return }
        held = false
        file.unlock()
    }

    /// Who holds (or last held) the lock, parsed from the lock file.
    public static func holder(root: Root, workspace: String) -> LockHolder? {
        guard let bytes = try? FileSystem.readFile(root.lock(workspace), limit: 4096) else { return nil }
        return LockHolder(line: String(decoding: bytes, as: UTF8.self))
    }
}

/// The locks of SQLite mode: lock files in `ROOT/locks/`.
public struct FileLocks: WorkspaceLocks {
    package let root: Root

    public init(root: Root) { self.root = root }

    public func tryAcquire(_ workspace: String, job: String?, store: (any RecordStore)?) throws -> (any WorkspaceLock)? {
        try FileLock.tryAcquire(root: root, workspace: workspace, job: job)
    }

    public func holder(_ workspace: String) -> LockHolder? {
        FileLock.holder(root: root, workspace: workspace)
    }
}
