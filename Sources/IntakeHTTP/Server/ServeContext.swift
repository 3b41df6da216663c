import Foundation
import IntakeCore
import IntakeEngine
import IntakeSystem

/// What every request of `intake serve` shares: the root, its configuration
/// (read again when `intake.json` changes, so a token `intake token` adds
/// works at once), and open catalogues and stores lent to one request at a
/// time. Storage is reached only through IntakeCore's seams, so SQLite and
/// PostgreSQL modes are served alike.
package final class ServeContext: @unchecked Sendable {
    // @unchecked: every mutable field is behind `lock`.
    package let root: Root
    package let logger: Logger
    private let drivers: Drivers
    private let lock = NSLock()
    private var configuration: Configuration
    private var stamp: FileStatus?
    private var storage: any Storage
    private var catalogues: [any JobCatalogue] = []
    private var stores: [String: [any RecordStore]] = [:]

    package init(root: Root, configuration: Configuration, drivers: Drivers, logger: Logger) {
        self.root = root
        self.configuration = configuration
        self.drivers = drivers
        self.logger = logger
        storage = drivers.storage(configuration, root)
        stamp = try? FileStatus.of(root.configuration)
    }

    /// The configuration, read again if the file changed since (a file that no
    /// longer reads is logged and the last good one kept).
    package func current() -> Configuration {
        let now = try? FileStatus.of(root.configuration)
        lock.lock()
        defer { lock.unlock() }
        guard let now, now.modifiedNanos != stamp?.modifiedNanos || now.size != stamp?.size || now.inode != stamp?.inode else {
            return configuration
        }
        stamp = now
        do {
            let fresh = try Configuration.load(path: root.configuration)
            if fresh.database != configuration.database {
                logger.log(.warning, "serve_reload", ["message": "intake.json names another database; restart intake serve to use it"])
            }
            var kept = fresh
            kept.database = configuration.database
            configuration = kept
        } catch {
            logger.log(.error, "serve_reload", ["message": "\(error); the last good configuration is kept"])
        }
        return configuration
    }

    /// Runs `body` with a catalogue no other request uses meanwhile.
    package func withCatalogue<R>(_ body: (any JobCatalogue) throws -> R) throws -> R {
        let catalogue = try lock.withLock { catalogues.popLast() } ?? storage.openCatalogue()
        let result = try body(catalogue)
        if catalogue.isConnected { lock.withLock { catalogues.append(catalogue) } }
        return result
    }

    /// Runs `body` with `workspace`'s store (nil when it has none yet).
    package func withStore<R>(_ workspace: String, _ body: ((any RecordStore)?) throws -> R) throws -> R {
        if let store = lock.withLock({ stores[workspace]?.popLast() }) {
            let result = try body(store)
            lock.withLock { stores[workspace, default: []].append(store) }
            return result
        }
        guard try storage.hasStore(workspace) else { return try body(nil) }
        let store = try storage.openStore(workspace)
        let result = try body(store)
        lock.withLock { stores[workspace, default: []].append(store) }
        return result
    }

    /// The document handlers drops are routed with.
    package var handlers: DocumentHandlers { drivers.handlers }

    /// The storage's name, for messages.
    package var storageName: String { storage.name }
}
