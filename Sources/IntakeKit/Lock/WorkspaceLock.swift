/// The per-workspace lock: `flock(LOCK_EX|LOCK_NB)` on `locks/WORKSPACE.lock`,
/// held while one job runs. The file is never replaced or removed; the holder
/// (`pid=… host=… job=… since=…`) is written into the locked descriptor.
///
/// Released when ``release()`` is called or the object goes away (closing the
/// descriptor releases the lock, as does the process dying).
public final class WorkspaceLock {
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
    public static func tryAcquire(root: Root, workspace: String, job: String?) throws(SystemError) -> WorkspaceLock? {
        let file = try FileDescriptor.openLockFile(root.lock(workspace))
        guard try file.tryLockExclusive() else { return nil }
        let lock = WorkspaceLock(file: file, workspace: workspace)
        try lock.setHolder(job: job)
        return lock
    }

    /// Writes who holds the lock into the lock file.
    public func setHolder(job: String?) throws(SystemError) {
        let line = "pid=\(FileSystem.processID) host=\(FileSystem.hostname) job=\(job ?? "-") since=\(Timestamp.now())\n"
        try file.replaceContent(with: line)
    }

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

/// The holder line of a lock file.
public struct LockHolder: Equatable, Sendable {
    /// Process id.
    public let pid: String
    /// Host name.
    public let host: String
    /// The job, or "-" while between jobs.
    public let job: String
    /// When it took the lock.
    public let since: String

    /// Parses `pid=… host=… job=… since=…`.
    public init?(line: String) {
        var fields: [String: String] = [:]
        for part in line.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { fields[String(pair[0])] = String(pair[1]) }
        }
        guard let pid = fields["pid"], let job = fields["job"], let since = fields["since"] else { return nil }
        self.pid = pid
        self.host = fields["host"] ?? "?"
        self.job = job
        self.since = since
    }
}
