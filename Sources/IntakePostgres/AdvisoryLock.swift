import IntakeCore
import IntakeSystem
/// The per-workspace lock of PostgreSQL mode: a session-level
/// `pg_try_advisory_lock` on a key derived from the workspace, taken on the
/// session that runs the job's transaction. If the process dies or its session
/// is terminated, PostgreSQL frees the lock and rolls the transaction back
/// together: a host that lost its session can never commit a job another host
/// has taken over. The holder (host, pid, job, since) is written to
/// `intake.locks`, outside the job's transaction.
public final class AdvisoryLock: WorkspaceLock {
    public let workspace: String
    private let connection: PostgresConnection
    /// Whether the lock opened `connection` itself (closed on release).
    private let ownsConnection: Bool
    private let key: Int64
    private var held = true

    package init(workspace: String, connection: PostgresConnection, ownsConnection: Bool, key: Int64) {
        self.workspace = workspace
        self.connection = connection
        self.ownsConnection = ownsConnection
        self.key = key
    }

    deinit { release() }

    /// The lock's key: the first 8 bytes of SHA-256("intake workspace NAME").
    package static func key(_ workspace: String) -> Int64 {
        var hasher = SHA256()
        hasher.update(Array("intake workspace \(workspace)".utf8))
        return hasher.finalize().prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }

    public func setHolder(job: String?) throws {
        let holder = LockHolder.current(job: job)
        _ = try connection.query("""
            INSERT INTO intake.locks (workspace, backend_pid, host, pid, job, since) VALUES ($1, pg_backend_pid(), $2, $3, $4, $5)
            ON CONFLICT (workspace) DO UPDATE SET backend_pid = EXCLUDED.backend_pid, host = EXCLUDED.host, pid = EXCLUDED.pid,
                job = EXCLUDED.job, since = EXCLUDED.since
            """, [workspace, holder.host, holder.pid, holder.job, holder.since])
    }

    /// Asks the server whether this session still holds the lock: throws when
    /// the session ended (the server then freed the lock) or it is not held.
    public func confirmHeld() throws {
        let rows = try connection.query("""
            SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
                AND classid::bigint = $1 AND objid::bigint = $2 AND objsubid = 1
            """, AdvisoryLock.lockColumns(key))
        guard rows.int(0, 0) == 1 else {
            throw StorageError("the lock of workspace \(workspace) is no longer held by this process; another process finishes its job")
        }
    }

    public func release() {
        guard held else { return }
        held = false
        if connection.isAlive { _ = try? connection.query("SELECT pg_advisory_unlock($1)", [String(key)]) }
        if ownsConnection { connection.close() }
    }

    /// How `pg_locks` shows a bigint key: its high and low 32 bits as `classid` and `objid`.
    package static func lockColumns(_ key: Int64) -> [String?] {
        let bits = UInt64(bitPattern: key)
        return [String(bits >> 32), String(bits & 0xFFFF_FFFF)]
    }
}

@available(*, unavailable)
extension AdvisoryLock: Sendable {}

/// The locks of PostgreSQL mode, in the deployment's database.
public struct AdvisoryLocks: WorkspaceLocks {
    package let url: String

    public init(url: String) { self.url = url }

    public func tryAcquire(_ workspace: String, job: String?, store: (any RecordStore)?) throws -> (any WorkspaceLock)? {
        let shared = (store as? PostgresStore)?.connection
        let connection = try shared ?? PostgresConnection(url: url)
        let key = AdvisoryLock.key(workspace)
        let rows = try connection.query("SELECT pg_try_advisory_lock($1)", [String(key)])
        guard rows.text(0, 0) == "t" else {
            if shared == nil { connection.close() }
            return nil
        }
        let lock = AdvisoryLock(workspace: workspace, connection: connection, ownsConnection: shared == nil, key: key)
        try lock.setHolder(job: job)
        return lock
    }

    /// The recorded holder of the lock (the last one when nobody holds it now).
    public func holder(_ workspace: String) -> LockHolder? {
        guard let connection = try? PostgresConnection(url: url),
              let rows = try? connection.query("SELECT pid, host, job, since FROM intake.locks WHERE workspace = $1", [workspace]),
              rows.count == 1
        else { return nil }
        return LockHolder(pid: rows.text(0, 0) ?? "?", host: rows.text(0, 1) ?? "?", job: rows.text(0, 2) ?? "-",
                          since: rows.text(0, 3) ?? "?")
    }
}
