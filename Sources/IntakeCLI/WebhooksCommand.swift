import IntakeCore
import IntakeEngine
import IntakeSystem

/// `intake webhooks ROOT [--state pending|delivered|dead] [--limit N] [--json]`:
/// the webhook deliveries, newest first; `--redeliver ID` owes one again
/// (same id, due now), for the daemon or the next `run` to send.
enum WebhooksCommand {
    static let usage = "usage: intake webhooks ROOT [--state pending|delivered|dead] [--limit N] [--json] | intake webhooks ROOT --redeliver DELIVERY_ID"

    static func run(_ arguments: [String], console: Console) throws -> ExitCode {
        let args = try Arguments(arguments, valued: ["state", "limit", "redeliver"], flags: ["json"])
        guard args.positionals.count == 1 else { throw CommandError(.usage, usage) }
        let (_, storage) = try IntakeCommand.existingRoot(args.positionals[0])
        let catalogue = try storage.openCatalogue()
        if let id = args.value("redeliver") {
            guard try catalogue.redeliver(id, now: Timestamp.now()) else {
                throw CommandError(.noInput, "no webhook delivery \(id) in \(storage.name); list them with intake webhooks \(args.positionals[0])")
            }
            console.print("delivery \(id) is owed again: intake watch sends it now, or the next intake run or import")
            return .ok
        }
        var state: WebhookDeliveryState?
        if let text = args.value("state") {
            guard let known = WebhookDeliveryState(rawValue: text.lowercased()) else {
                throw CommandError(.usage, "--state takes one of " + WebhookDeliveryState.allCases.map(\.rawValue).joined(separator: ", ") + ", not \"\(text)\"")
            }
            state = known
        }
        var limit = 100
        if let text = args.value("limit") {
            guard let parsed = Int(text), parsed > 0 else { throw CommandError(.usage, "--limit takes a positive number") }
            limit = parsed
        }
        let deliveries = try catalogue.deliveries(state: state, limit: limit)
        if args.flag("json") {
            for delivery in deliveries { console.write(JSONWriter.text(json(delivery)) + "\n") }
            return .ok
        }
        console.print("DELIVERY                                 JOB                          EVENT         STATE      ATTEMPTS  LAST")
        for d in deliveries {
            let last = d.lastStatus.map { "HTTP \($0)" } ?? d.lastError ?? ""
            let when = d.state == .pending ? "  next \(d.nextAttemptAt.rfc3339)" : ""
            console.print([d.id.padding(40), d.jobID.padding(28), d.event.padding(13), d.state.rawValue.padding(10),
                           String(d.attempts).padding(9), last + when, d.url].joined(separator: " "))
        }
        return .ok
    }

    /// One `--json` line, keys sorted.
    static func json(_ d: WebhookDelivery) -> JSONValue {
        .object([
            ("attempts", .int(d.attempts)), ("created_at", .string(d.createdAt.rfc3339)), ("event", .string(d.event)),
            ("finished_at", .nullable(d.finishedAt?.rfc3339)), ("id", .string(d.id)), ("job_id", .string(d.jobID)),
            ("last_error", .nullable(d.lastError)), ("last_status", .nullable(d.lastStatus)),
            ("next_attempt_at", d.state == .pending ? .string(d.nextAttemptAt.rfc3339) : .null),
            ("state", .string(d.state.rawValue)), ("url", .string(d.url)), ("workspace", .string(d.workspace)),
        ])
    }
}

private extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
