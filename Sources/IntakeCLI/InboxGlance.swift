import Foundation
import IntakeCore
import IntakeEngine
import IntakeSystem

/// What `intake status` sees waiting in the inbox (spec section 4): every drop,
/// nested ones too, and for each one quiet for its settle window (by mtime)
/// whether a process holds it open for writing (`writer_open`: a read lease
/// asked for and given back at once, as the daemon does before a claim).
/// Where a lease cannot be had (not the owner and no `CAP_LEASE`) a file
/// shows `ready`: only the settle window can tell.
struct InboxGlance {
    let drops: [Drop]
    let now: Timestamp
    private let configuration: Configuration
    private let heldByWriter: Set<String>

    init(root: Root, configuration: Configuration) {
        self.configuration = configuration
        drops = (try? InboxScanner(root: root, configuration: configuration, handlers: .everything).scan()) ?? []
        now = Timestamp.now()
        let leaseTest = Readiness.testLease(inbox: root.inbox)
        var held = Set<String>()
        for drop in drops where drop.status.kind == .regular && !InboxGlance.settling(drop, now: now, configuration: configuration) {
            if leaseTest(drop) == .writerPresent { held.insert(drop.path) }
        }
        heldByWriter = held
    }

    /// Whether a writer holds `drop` open although it has been quiet for its settle window.
    func isWriterOpen(_ drop: Drop) -> Bool { heldByWriter.contains(drop.path) }

    /// `writer_open`, `settling` (modified within its settle window) or `ready`.
    func state(of drop: Drop) -> String {
        if isWriterOpen(drop) { return "writer_open" }
        return InboxGlance.settling(drop, now: now, configuration: configuration) ? "settling" : "ready"
    }

    private static func settling(_ drop: Drop, now: Timestamp, configuration: Configuration) -> Bool {
        WaitingFiles.age(of: drop, now: now) < configuration.settleSeconds(for: drop.workspace)
    }

    /// `intake status ROOT --inbox [--workspace W] [--json]`: one line per
    /// waiting file, oldest first: workspace, state, age, bytes and name (the
    /// path below `inbox/`; JSON Lines with `--json`, plus the type and, for a
    /// name that will be refused, the refusal's code).
    func list(workspace: String?, json: Bool, console: Console) {
        if !json {
            console.print(IntakeCommand.pad("WORKSPACE", 16) + IntakeCommand.pad("STATE", 13) + IntakeCommand.pad("AGE", 10)
                + IntakeCommand.pad("BYTES", 14) + "FILE")
        }
        for drop in drops where workspace == nil || drop.workspace == workspace {
            let owner = drop.workspace ?? Root.unrouted
            let age = WaitingFiles.age(of: drop, now: now)
            let path = drop.components.joined(separator: "/")
            var refusal: String?
            var type: String?
            switch drop.route {
            case .accepted(_, let accepted, _): type = accepted.name
            case .refused(_, let reason): refusal = reason.code
            }
            guard json else {
                console.print(IntakeCommand.pad(owner, 16) + IntakeCommand.pad(state(of: drop), 13)
                    + IntakeCommand.pad(String(format: "%.0f s", age), 10) + IntakeCommand.pad(String(drop.status.size), 14)
                    + path + (refusal.map { "  (\($0))" } ?? ""))
                continue
            }
            console.print(JSONWriter.text(.object([
                ("workspace", .string(owner)), ("name", .string(drop.name)), ("path", .string("inbox/" + path)),
                ("state", .string(state(of: drop))), ("age_seconds", .number(String(format: "%.3f", age))),
                ("bytes", .number(String(drop.status.size))),
                ("type", type.map(JSONValue.string) ?? .absent), ("refusal", refusal.map(JSONValue.string) ?? .absent),
            ])))
        }
    }
}
