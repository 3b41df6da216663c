import Foundation
import IntakeKit

/// A temporary root in PostgreSQL mode on a fresh database of the test
/// process's throwaway cluster.
extension TemporaryRoot {
    /// A root whose `intake.json` names a new database; returns it and the database's URL.
    package static func postgres(
        workspaces: [String: Set<String>] = ["acme": Set(ImportType.allPermissions)],
        configure: (inout Configuration) -> Void = { _ in }
    ) throws -> (TemporaryRoot, String) {
        let url = try PostgresServer.running().makeDatabase()
        let root = try TemporaryRoot(workspaces: workspaces) { configuration in
            configuration.database = url
            configure(&configuration)
        }
        // Made by TemporaryRoot for SQLite mode; a root in PostgreSQL mode has neither.
        try? FileManager.default.removeItem(atPath: root.root.locks)
        try? FileManager.default.removeItem(atPath: root.root.data)
        return (root, url)
    }

    /// Runs a query on `url` and returns the first column of the first row.
    package static func scalar(_ url: String, _ sql: String) throws -> String? {
        try PostgresConnection(url: url).query(sql).text(0, 0)
    }
}

/// An outbox file with what differs between two runs of the same document
/// taken out: job ids, times and durations.
package func normalizedOutbox(_ text: String) -> String {
    var text = text
    let patterns = [
        #"\d{8}T\d{9}-[0-9a-f]{8}"#: "JOB",
        #"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z"#: "TIME",
        #"\d+\.\d{3} s\b"#: "SECONDS",
        #"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC"#: "TIME",
    ]
    for (pattern, replacement) in patterns {
        text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
    }
    return text
}
