@testable import IntakeKit
import Testing
import IntakeTestSupport

/// The stores `intake watch` keeps open between jobs: one turn at a time has a
/// workspace's store, the least recently used is closed past the capacity,
/// and a store whose file was erased is never used again.
@Suite struct OpenStoresTests {
    @Test func aStorePutBackIsTakenAgainOnce() throws {
        let root = try TemporaryRoot()
        let stores = OpenStores(capacity: 4)
        let store = try SQLiteStore(root: root.root, workspace: "acme")
        stores.put(store)
        let taken = try #require(stores.take("acme"))
        #expect(taken === store)
        #expect(stores.take("acme") == nil, "a taken store is the taker's alone")
    }

    @Test func theLeastRecentlyUsedStoreIsClosedPastTheCapacity() throws {
        let root = try TemporaryRoot()
        let stores = OpenStores(capacity: 2)
        for workspace in ["a1", "b2", "c3"] { stores.put(try SQLiteStore(root: root.root, workspace: workspace)) }
        #expect(stores.count == 2)
        #expect(stores.take("a1") == nil)
        #expect(stores.take("b2") != nil)
        #expect(stores.take("c3") != nil)
    }

    @Test func aStoreErasedWhileOpenIsNotUsedAgain() throws {
        let root = try TemporaryRoot()
        let stores = OpenStores()
        stores.put(try SQLiteStore(root: root.root, workspace: "acme"))
        _ = try SQLiteStorage(root: root.root).eraseStore("acme", dryRun: false)
        #expect(stores.take("acme") == nil)
    }
}
