import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// A database outage seen in `metrics.prom`: `intake_database_up` goes to 0
/// while the last job and row counts stay, and back to 1 when the database
/// returns; the daemon keeps running. The outage is made for the root's
/// database only (connections refused, its sessions ended), so the cluster
/// the other tests share stays up.
@Suite struct DatabaseOutageTests {
    static func metrics(_ root: PostgresRoot) -> String {
        (try? String(contentsOfFile: root.root.metrics, encoding: .utf8)) ?? ""
    }

    @Test func anOutageGivesDatabaseUpZeroAndKeepsTheCounts() throws {
        let root = try PostgresRoot(workspaces: ["acme"], settings: ["settle_seconds": 0, "rescan_seconds": 1])
        let admin = try PostgresConnection(url: try PostgresServer.running().adminURL)
        let database = PostgresServer.databaseName(root.url)
        let daemon = try root.start("watch", ["watch", root.path])
        defer {
            try? admin.execute("ALTER DATABASE \(database) ALLOW_CONNECTIONS true")
            daemon.stop()
        }
        try root.upload("acme__payments__first.csv", Array(PaymentsCSV.mixed.utf8))
        let counts = ["intake_jobs{status=\"DONE\"} 1", "intake_rows{status=\"succeeded\"} 3", "intake_rows{status=\"failed\"} 9"]
        let up = eventually(within: 60) {
            let text = Self.metrics(root)
            return text.contains("intake_database_up 1") && counts.allSatisfy(text.contains)
        }
        try #require(up, "\(Self.metrics(root))\n\(daemon.logText())")

        try admin.execute("ALTER DATABASE \(database) ALLOW_CONNECTIONS false")
        _ = try admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [database])
        #expect(eventually(within: 30) { Self.metrics(root).contains("intake_database_up 0") }, "\(Self.metrics(root))")
        let during = Self.metrics(root)
        for line in counts { #expect(during.contains(line), "\(line) dropped during the outage:\n\(during)") }
        #expect(PrometheusText.problems(during).isEmpty, "\(PrometheusText.problems(during))")
        #expect(daemon.isRunning, "\(daemon.logText())")

        try admin.execute("ALTER DATABASE \(database) ALLOW_CONNECTIONS true")
        #expect(eventually(within: 30) { Self.metrics(root).contains("intake_database_up 1") }, "\(Self.metrics(root))")
    }
}
