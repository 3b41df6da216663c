import Foundation
import IntakeKit

/// A fresh Intake root in a temporary folder, removed when the value goes away.
package final class TemporaryRoot {
    package let root: Root
    package var path: String { root.path }

    /// Creates a root with `workspaces` (every permission unless given) and a zero settle window.
    package init(
        workspaces: [String: Set<String>] = ["acme": Set(ImportType.allPermissions)],
        settleSeconds: Double = 0, maxAttempts: Int = 3, busyTimeoutSeconds: Double = 10,
        configure: (inout Configuration) -> Void = { _ in }
    ) throws {
        let base = FileManager.default.temporaryDirectory.path + "/intake-test-" + UUID().uuidString.prefix(8).lowercased()
        root = Root(base)
        try root.createFolders()
        var configuration = Configuration()
        configuration.settleSeconds = settleSeconds
        configuration.maxAttempts = maxAttempts
        configuration.busyTimeoutSeconds = busyTimeoutSeconds
        for (id, permissions) in workspaces { configuration.workspaces[id] = .init(permissions: permissions) }
        configure(&configuration)
        try configuration.json().write(toFile: root.configuration, atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes a file below the inbox (`relative` may contain folders) and returns its path.
    @discardableResult
    package func drop(_ relative: String, _ bytes: [UInt8]) throws -> String {
        let full = root.inbox + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try ClosedOnExec.write(bytes, to: full)
        return full
    }

    @discardableResult
    package func drop(_ relative: String, _ text: String) throws -> String {
        try drop(relative, Array(text.utf8))
    }

    /// Writes like an uploader: `relative` + `.part` in the inbox, then one
    /// rename to `relative` (a daemon never sees it half written).
    package func upload(_ relative: String, _ text: String) throws {
        let temporary = try drop(relative + ".part", text)
        try FileManager.default.moveItem(atPath: temporary, toPath: root.inbox + "/" + relative)
    }

    /// Files below a folder of the root (dot files too), relative to it, sorted.
    package func files(_ folder: String) -> [String] { TemporaryRoot.files(below: path + "/" + folder) }

    /// Files below `base` (dot files too), relative to it, sorted.
    package static func files(below base: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
        var found: [String] = []
        while let next = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + next, isDirectory: &isDirectory), !isDirectory.boolValue {
                found.append(next)
            }
        }
        return found.sorted()
    }

    package func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path + "/" + relative, encoding: .utf8)
    }

    package func readBytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path + "/" + relative)))
    }

    /// A job's result JSON as a dictionary.
    package func result(_ workspace: String, _ job: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: root.outbox(workspace) + "/" + job + ".result.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// Every job in the catalogue, oldest first.
    package func jobs() throws -> [JobRecord] {
        try SQLiteCatalogue(root: root).jobs(limit: 100_000).reversed()
    }

    /// One integer from a query on a workspace store.
    package func storeCount(_ workspace: String, _ sql: String) throws -> Int {
        let database = try Database(path: root.store(workspace))
        let statement = try database.prepare(sql)
        guard try statement.step() else { return -1 }
        return statement.int(0)
    }

    /// Runs the scheduler once, in process, with no settle sleeping.
    package func runPass(logger: Logger = .silent) throws -> PassSummary {
        let configuration = try Configuration.load(path: root.configuration)
        return try Scheduler(root: root, configuration: configuration, logger: logger, sleep: { _ in }).runPass()
    }
}

extension RootAudit {
    /// Audits a root in SQLite mode (its own `index.sqlite` and `data/`).
    package static func run(_ root: Root, content: Bool = false) throws -> RootAudit {
        try run(root, storage: SQLiteStorage(root: root), content: content)
    }
}
