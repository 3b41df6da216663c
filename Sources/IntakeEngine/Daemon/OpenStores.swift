import IntakeCore
import Synchronization

/// The workspace stores `intake watch` keeps open between jobs, so a job does
/// not open its store, read its schema and prepare its statements again: at
/// most ``capacity`` of them, the least recently used closed first. A turn
/// takes its workspace's store (no other thread can use it meanwhile) and puts
/// it back when it ends without a fault; a store whose file was removed or
/// replaced (`intake erase`) is closed instead of used. A new set replaces
/// this one at a reload (the configuration may name another database or fewer
/// workspaces), and the set goes with the daemon at shutdown: dropping a store
/// closes it.
package final class OpenStores: Sendable {
    private struct Entry {
        let store: Transfer<any RecordStore>
        let used: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var uses: UInt64 = 0
    }

    private let state = Mutex(State())
    /// The most stores kept open at once.
    package let capacity: Int

    /// A set that keeps up to `capacity` stores open.
    package init(capacity: Int = OpenStores.defaultCapacity) { self.capacity = capacity }

    /// 64 stores: ~50 KiB each once a big job's cache is trimmed, so ~3 MiB in all.
    package static let defaultCapacity = 64

    /// The open store of `workspace`, now the caller's alone; nil when none is
    /// kept (or the kept one's file moved: it is closed).
    package func take(_ workspace: String) -> (any RecordStore)? {
        guard let entry = state.withLock({ $0.entries.removeValue(forKey: workspace) }) else { return nil }
        return entry.store.value.hasMoved ? nil : entry.store.value
    }

    /// Keeps `store` open for the workspace's next job, closing the least
    /// recently used one when the set is full.
    package func put(_ store: any RecordStore) {
        store.trimMemory()
        let kept = Transfer(store)
        let closed = state.withLock { state -> Transfer<any RecordStore>? in
            state.uses += 1
            state.entries[kept.value.workspace] = Entry(store: kept, used: state.uses)
            guard state.entries.count > capacity,
                  let oldest = state.entries.min(by: { $0.value.used < $1.value.used })?.key else { return nil }
            return state.entries.removeValue(forKey: oldest)?.store
        }
        _ = closed  // closed here, outside the lock, when the last reference goes
    }

    /// How many stores are open and waiting.
    package var count: Int { state.withLock { $0.entries.count } }
}
