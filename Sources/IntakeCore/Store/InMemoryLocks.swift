import Synchronization

/// Workspace locks held in memory, for ``InMemoryStorage``: one holder per
/// workspace among the users of the same value (threads of one process), as
/// ``FileLocks`` is among processes. The last holder stays recorded after a
/// release, as a lock file's line does.
package final class InMemoryLocks: WorkspaceLocks {
    private struct Slot: Sendable {
        package var held = false
        package var holder: LockHolder?
    }

    private let slots = Mutex<[String: Slot]>([:])

    /// No lock taken yet.
    package init() {}

    /// Takes the lock of `workspace`; nil while another holder has it.
    package func tryAcquire(_ workspace: String, job: String?, store: (any RecordStore)?) -> (any WorkspaceLock)? {
        let taken = slots.withLock { slots in
            guard slots[workspace]?.held != true else { return false }
            slots[workspace] = Slot(held: true, holder: LockHolder.current(job: job))
            return true
        }
        return taken ? InMemoryLock(workspace: workspace, locks: self) : nil
    }

    package func holder(_ workspace: String) -> LockHolder? {
        slots.withLock { $0[workspace]?.holder }
    }

    fileprivate func setHolder(_ workspace: String, job: String?) {
        slots.withLock { $0[workspace]?.holder = LockHolder.current(job: job) }
    }

    fileprivate func release(_ workspace: String) {
        slots.withLock { $0[workspace]?.held = false }
    }
}

/// One held in-memory lock; released by ``release()`` or when it goes away.
package final class InMemoryLock: WorkspaceLock {
    package let workspace: String
    private let locks: InMemoryLocks
    private var held = true

    fileprivate init(workspace: String, locks: InMemoryLocks) {
        self.workspace = workspace
        self.locks = locks
    }

    deinit { release() }

    package func setHolder(job: String?) { locks.setHolder(workspace, job: job) }

    /// Memory cannot lose a lock while its holder keeps it.
    package func confirmHeld() {}

    package func release() {
        guard held else { return }
        held = false
        locks.release(workspace)
    }
}

@available(*, unavailable)
extension InMemoryLock: Sendable {}
