import Foundation
import IntakeCore
import IntakeSystem

extension Daemon {
    /// Rewrites `ROOT/metrics.prom` (Prometheus text format, for node_exporter's
    /// textfile collector) atomically. Job counts come from the catalogue, so two
    /// daemons on one root agree.
    /// `writerOpen` tells which drops wait for their writer (``Readiness/isWriterOpen(_:)``).
    package func writeMetrics(drops: [Drop], writerOpen: (Drop) -> Bool, scanStarted: Timestamp, configuration: Configuration,
                      overflows: Int, leases: LeaseSupport, catalogue: (any JobCatalogue)?) {
        let now = Timestamp.now()
        var lines: [String] = []
        func family(_ type: String, _ name: String, _ help: String, _ samples: [(String, String)]) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            for (labels, value) in samples { lines.append(name + labels + " " + value) }
        }
        func gauge(_ name: String, _ help: String, _ samples: [(String, String)]) {
            precondition(!name.hasSuffix("_total"), "a name ending in _total is a counter's")
            family("gauge", name, help, samples)
        }
        /// A value that only grows while the daemon runs (reset when it restarts).
        func counter(_ name: String, _ help: String, _ samples: [(String, String)]) {
            precondition(name.hasSuffix("_total"), "a counter's name ends in _total")
            family("counter", name, help, samples)
        }
        let waiting = WaitingFiles(drops, now: now, writerOpen: writerOpen).byWorkspace
        let workspaces = Set(configuration.workspaces.keys).union(waiting.keys).sorted()
        func perWorkspace(_ value: (WaitingFiles.Tally) -> String) -> [(String, String)] {
            workspaces.map { ("{workspace=\"\($0)\"}", value(waiting[$0] ?? WaitingFiles.Tally())) }
        }
        gauge("intake_files_waiting", "Files in the inbox not yet taken, per workspace (files in folders below a type folder too).",
              perWorkspace { String($0.count) })
        gauge("intake_oldest_waiting_seconds", "Age (by mtime) of the oldest file waiting, per workspace.",
              perWorkspace { String(format: "%.3f", $0.oldestSeconds) })
        gauge("intake_files_writer_open",
              "Files waiting for their writer: quiet for the settle window but held open for writing by a process (writer_open), per workspace.",
              perWorkspace { String($0.writerOpen) })
        gauge("intake_oldest_writer_open_seconds",
              "Age (by mtime: time since its writer last wrote) of the oldest file waiting for its writer, per workspace.",
              perWorkspace { String(format: "%.3f", $0.oldestWriterOpenSeconds) })
        // The last counts read stay through a database outage (`intake_database_up` says it is down).
        let storage = drivers.storage(configuration, root)
        let opened = catalogue ?? (try? storage.openCatalogue())
        let read = opened.flatMap { try? $0.statusCounts() }
        let shown = state.withLock { state -> JobCounts? in
            if let read { state.lastCounts = read }
            return state.lastCounts
        }
        if !storage.usesRootFiles {
            gauge("intake_database_up", "1 when the daemon's last query of the PostgreSQL catalogue succeeded, 0 when it failed.",
                  [("", read == nil ? "0" : "1")])
        }
        if let counts = shown {
            gauge("intake_jobs", "Jobs in the catalogue by status.",
                  JobStatus.allCases.map { ("{status=\"\($0.rawValue)\"}", String(counts.jobs[$0] ?? 0)) })
            gauge("intake_rows", "Rows of all jobs by outcome.",
                  [("{status=\"succeeded\"}", String(counts.succeeded)), ("{status=\"failed\"}", String(counts.failed))])
        }
        if let webhooks = opened.flatMap({ try? $0.webhookCounts() }) {
            gauge("intake_webhook_deliveries", "Webhook deliveries in the catalogue by state.",
                  WebhookDeliveryState.allCases.map { ("{state=\"\($0.rawValue)\"}", String(webhooks.byState[$0] ?? 0)) })
            gauge("intake_webhook_oldest_pending_seconds", "Age of the oldest webhook delivery still owed (0 when none is).",
                  [("", String(format: "%.3f", webhooks.oldestPending.map { max(0, now.seconds(since: $0)) } ?? 0))])
        }
        gauge("intake_last_scan_timestamp_seconds", "When the inbox was last scanned.",
              [("", String(format: "%.3f", Double(scanStarted.milliseconds) / 1000))])
        gauge("intake_last_scan_duration_seconds", "How long the last scan took.",
              [("", String(format: "%.3f", now.seconds(since: scanStarted)))])
        gauge("intake_leases_available",
              "1 when a read lease tells whether a writer still holds a drop; 0 when the settle window alone decides (reason label).",
              [(leases.reason.map { "{reason=\(JSONWriter.quoted($0))}" } ?? "", leases.available ? "1" : "0")])
        counter("intake_inotify_overflows_total", "inotify queue overflows since the daemon started.", [("", String(overflows))])
        let stale = (try? InboxScanner(root: root, configuration: configuration, handlers: drivers.handlers).stalePartialUploads(olderThan: 3600, now: now)) ?? 0
        gauge("intake_stale_partial_uploads", "Upload temp files (.part, .filepart, …) unchanged for over an hour.",
              [("", String(stale))])
        do {
            try BufferedFile.write(lines.joined(separator: "\n") + "\n", to: root.metrics, mode: 0o644, durable: false)
        } catch {
            logger.log(.warning, "metrics_failed", ["message": error.description])
        }
    }
}
