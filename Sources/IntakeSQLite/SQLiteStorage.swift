import Foundation
import IntakeSystem
import IntakeCore

/// The embedded storage of one root: `index.sqlite`, `data/WORKSPACE.sqlite`
/// and lock files in `locks/` (spec section 3).
public struct SQLiteStorage: Storage {
    package let root: Root
    package let busyTimeoutMilliseconds: Int32
    /// The webhooks a job that ends owes a delivery to.
    package let webhooks: WebhookPlan

    public init(root: Root, busyTimeoutMilliseconds: Int32 = 10_000, webhooks: WebhookPlan = WebhookPlan()) {
        self.root = root
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.webhooks = webhooks
    }

    public var name: String { root.catalogue }
    public var locks: any WorkspaceLocks { FileLocks(root: root) }
    public var usesRootFiles: Bool { true }

    public func openCatalogue() throws -> any JobCatalogue {
        try SQLiteCatalogue(root: root, busyTimeoutMilliseconds: busyTimeoutMilliseconds, webhooks: webhooks)
    }

    public func openStore(_ workspace: String) throws -> any RecordStore {
        try SQLiteStore(root: root, workspace: workspace, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
    }

    public func hasStore(_ workspace: String) -> Bool { FileSystem.exists(root.store(workspace)) }

    public func storedWorkspaces() -> [String] {
        ((try? FileSystem.list(root.data)) ?? []).filter { $0.hasSuffix(".sqlite") }.map { String($0.dropLast(".sqlite".count)) }
            .sorted()
    }

    public func eraseStore(_ workspace: String, dryRun: Bool) throws -> [String] {
        let store = root.store(workspace)
        let paths = [store, store + "-journal", store + "-wal", store + "-shm"].filter(FileSystem.exists)
        if !dryRun { for path in paths { try FileManager.default.removeItem(atPath: path) } }
        return paths
    }
}
