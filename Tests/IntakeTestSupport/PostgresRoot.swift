import Foundation
import IntakeKit

/// A root in PostgreSQL mode made by the real `intake init --database`, on a
/// fresh database of the test cluster, in a temporary folder that also holds
/// the logs of the processes a test starts (outside the root, so they never
/// count as files left in it). Removed when the value goes away.
package final class PostgresRoot {
    /// The temporary folder: `root/`, `logs/`, `staging/`.
    package let base: String
    package let root: Root
    /// The database's URL (also in `intake.json`).
    package let url: String
    package var path: String { root.path }

    /// Runs `intake init ROOT --workspace …  --database URL`, then sets `settings`
    /// (top-level keys of `intake.json`, e.g. `settle_seconds`) in the file it wrote.
    package init(workspaces: [String], settings: [String: Any]) throws {
        url = try PostgresServer.running().makeDatabase()
        base = FileManager.default.temporaryDirectory.path + "/intake-pg-root-" + UUID().uuidString.prefix(8).lowercased()
        root = Root(base + "/root")
        for folder in ["logs", "staging"] {
            try FileManager.default.createDirectory(atPath: base + "/" + folder, withIntermediateDirectories: true)
        }
        let initialised = try IntakeBinary.run(["init", root.path] + workspaces.flatMap { ["--workspace", $0] } + ["--database", url])
        guard initialised.status == 0 else {
            throw PostgresServer.Failure(description: "intake init exited \(initialised.status): \(initialised.stderr)")
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: root.configuration))
        guard var json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw PostgresServer.Failure(description: "intake.json is not a JSON object")
        }
        for (key, value) in settings { json[key] = value }
        try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
            .write(to: URL(fileURLWithPath: root.configuration))
    }

    deinit { try? FileManager.default.removeItem(atPath: base) }

    /// A connection of the test's own to the root's database.
    package func connect() throws -> PostgresConnection { try PostgresConnection(url: url) }

    /// Writes `bytes` under a dot-prefixed name in the inbox, then renames it to `name`.
    package func upload(_ name: String, _ bytes: [UInt8]) throws {
        let temporary = root.inbox + "/." + name + ".uploading"
        try ClosedOnExec.write(bytes, to: temporary)
        try FileManager.default.moveItem(atPath: temporary, toPath: root.inbox + "/" + name)
    }

    /// Every file (dot files too) below a folder of the root, relative to it, sorted.
    package func files(_ folder: String) -> [String] { TemporaryRoot.files(below: path + "/" + folder) }

    /// The process an `intake` command runs in, its stderr going to `logs/NAME.log`.
    package typealias Started = LoggedIntake

    /// Starts `intake ARGUMENTS` with stdout and stderr to `logs/NAME.log`.
    package func start(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Started {
        try LoggedIntake.start(arguments, log: base + "/logs/" + name + ".log", environment: environment)
    }
}

extension PostgresConnection {
    /// One integer from `sql` (0 when NULL, -1 when no row).
    package func integer(_ sql: String, _ parameters: [String?] = []) throws -> Int {
        let rows = try query(sql, parameters)
        guard rows.count > 0 else { return -1 }
        return rows.int(0, 0) ?? 0
    }
}
