import IntakeCore
import IntakeSystem

/// What waits in the inbox, per workspace (spec section 4): every drop not yet
/// taken, nested ones too, and among them those a process holds open for
/// writing (`writer_open`), with their ages. `metrics.prom` and `intake status`
/// both count with it.
public struct WaitingFiles: Sendable {
    /// One workspace's waiting files (`_unrouted` for names no configured
    /// workspace owns).
    public struct Tally: Equatable, Sendable {
        /// Files waiting.
        public var count = 0
        /// Age of the oldest, by its mtime (seconds).
        public var oldestSeconds = 0.0
        /// Files waiting for their writer.
        public var writerOpen = 0
        /// Age of the oldest of those, by its mtime: how long its writer has
        /// held it without writing (seconds).
        public var oldestWriterOpenSeconds = 0.0
    }

    /// The tallies by workspace.
    public private(set) var byWorkspace: [String: Tally] = [:]

    /// Counts `drops` at `now`; `writerOpen` tells which a writer holds.
    public init(_ drops: [Drop], now: Timestamp, writerOpen: (Drop) -> Bool) {
        for drop in drops {
            let age = WaitingFiles.age(of: drop, now: now)
            var tally = byWorkspace[drop.workspace ?? Root.unrouted] ?? Tally()
            tally.count += 1
            tally.oldestSeconds = max(tally.oldestSeconds, age)
            if writerOpen(drop) {
                tally.writerOpen += 1
                tally.oldestWriterOpenSeconds = max(tally.oldestWriterOpenSeconds, age)
            }
            byWorkspace[drop.workspace ?? Root.unrouted] = tally
        }
    }

    /// Seconds since `drop` was last modified (0 for a time in the future).
    public static func age(of drop: Drop, now: Timestamp) -> Double {
        max(0, Double(now.milliseconds) / 1000 - Double(drop.status.modifiedNanos) / 1e9)
    }

    /// One line for `intake status`: `acme 3 (oldest 12 s; 1 writer_open, 340 s)`
    /// per workspace, or `empty`.
    public var summary: String {
        guard !byWorkspace.isEmpty else { return "empty" }
        return byWorkspace.sorted { $0.key < $1.key }.map { workspace, tally in
            var text = "\(workspace) \(tally.count) (oldest \(Int(tally.oldestSeconds)) s"
            if tally.writerOpen > 0 {
                text += "; \(tally.writerOpen) writer_open: held by a writer, oldest \(Int(tally.oldestWriterOpenSeconds)) s"
            }
            return text + ")"
        }.joined(separator: ", ")
    }
}
