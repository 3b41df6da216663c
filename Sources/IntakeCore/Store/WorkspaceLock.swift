import IntakeSystem
/// The per-workspace lock: one job of a workspace at a time, across every
/// process (and, in PostgreSQL mode, every host) of a deployment.
/// ``FileLock`` (flock on `locks/WORKSPACE.lock`) and ``AdvisoryLock``
/// (a session-level `pg_try_advisory_lock`) implement it.
public protocol WorkspaceLock: AnyObject {
    /// The workspace it locks.
    var workspace: String { get }
    /// Records who holds the lock, for `intake status` and `import`'s exit 75.
    func setHolder(job: String?) throws
    /// Throws when the lock was lost (PostgreSQL: its session ended), so a
    /// job's results are never written by a process that no longer holds it.
    func confirmHeld() throws
    /// Releases the lock (the holder stays recorded as the last holder).
    func release()
}

/// Takes and describes workspace locks.
public protocol WorkspaceLocks: Sendable {
    /// Takes the lock of `workspace` without waiting; nil when another process
    /// holds it. In PostgreSQL mode the lock is taken on the session of
    /// `store` when given, so the lock and the job's transaction end together.
    func tryAcquire(_ workspace: String, job: String?, store: (any RecordStore)?) throws -> (any WorkspaceLock)?
    /// Who holds (or last held) the lock of `workspace`.
    func holder(_ workspace: String) -> LockHolder?
}

/// Who holds a lock.
public struct LockHolder: Equatable, Sendable {
    /// Process id.
    public let pid: String
    /// Host name.
    public let host: String
    /// The job, or "-" while between jobs.
    public let job: String
    /// When it took the lock.
    public let since: String

    public init(pid: String, host: String, job: String, since: String) {
        self.pid = pid
        self.host = host
        self.job = job
        self.since = since
    }

    /// Parses `pid=… host=… job=… since=…`.
    public init?(line: String) {
        var fields: [String: String] = [:]
        for part in line.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { fields[String(pair[0])] = String(pair[1]) }
        }
        guard let pid = fields["pid"], let job = fields["job"], let since = fields["since"] else { return nil }
        self.init(pid: pid, host: fields["host"] ?? "?", job: job, since: since)
    }

    /// This process, holding the lock now for `job` ("-" between jobs).
    package static func current(job: String?) -> LockHolder {
        LockHolder(pid: String(FileSystem.processID), host: FileSystem.hostname, job: job ?? "-", since: Timestamp.now().rfc3339)
    }

    /// The line a lock file holds: `pid=… host=… job=… since=…`.
    package var line: String { "pid=\(pid) host=\(host) job=\(job) since=\(since)\n" }

    /// "job J since T (pid P on host H)", for messages.
    public var summary: String { "job \(job) since \(since) (pid \(pid) on host \(host))" }
}
