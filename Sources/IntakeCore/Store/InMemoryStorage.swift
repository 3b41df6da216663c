import Synchronization

/// A deployment's storage held in memory: one ``InMemoryCatalogue``, an
/// ``InMemoryRecordStore`` per workspace and ``InMemoryLocks``, shared by every
/// copy of the value (each open returns the same catalogue and stores, as
/// each open of a database sees the same rows). For tests and for an engine
/// that needs no files; it names no backend, so it lives with the seam.
package struct InMemoryStorage: Storage {
    private final class Stores: Sendable {
        package let all = Mutex<[String: InMemoryRecordStore]>([:])
    }

    private let catalogue: InMemoryCatalogue
    private let stores = Stores()
    private let workspaceLocks = InMemoryLocks()

    /// Empty storage whose finished jobs owe webhook deliveries as `webhooks` says.
    package init(webhooks: WebhookPlan = WebhookPlan()) { catalogue = InMemoryCatalogue(plan: webhooks) }

    package var name: String { "memory" }
    package var locks: any WorkspaceLocks { workspaceLocks }
    package var usesRootFiles: Bool { false }

    package func openCatalogue() -> any JobCatalogue { catalogue }

    /// The store of `workspace`, created empty on first open.
    package func openStore(_ workspace: String) -> any RecordStore {
        stores.all.withLock { all in
            if let store = all[workspace] { return store }
            let store = InMemoryRecordStore(workspace: workspace)
            all[workspace] = store
            return store
        }
    }

    package func hasStore(_ workspace: String) -> Bool {
        stores.all.withLock { $0[workspace] != nil }
    }

    package func storedWorkspaces() -> [String] {
        stores.all.withLock { $0.keys.sorted() }
    }

    package func eraseStore(_ workspace: String, dryRun: Bool) -> [String] {
        stores.all.withLock { all in
            guard all[workspace] != nil else { return [] }
            if !dryRun { all[workspace] = nil }
            return ["in-memory store of \(workspace)"]
        }
    }
}
