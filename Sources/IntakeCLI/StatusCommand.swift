import IntakeCore
import IntakeEngine
import IntakeSystem

/// `intake status ROOT [JOB] [--workspace W] [--state S] [--limit N] [--with-failed-rows] [--json]`:
/// the jobs newest first (`--with-failed-rows`: only those with a failed row),
/// or one job's fields (its result JSON without progress); `--inbox`: the
/// files waiting in the inbox instead (``InboxGlance``).
enum StatusCommand {
    static func run(_ arguments: [String], console: Console) throws -> ExitCode {
        let args = try Arguments(arguments, valued: ["workspace", "state", "since", "limit"], flags: ["json", "with-failed-rows", "inbox"])
        guard (1...2).contains(args.positionals.count) else {
            throw CommandError(.usage, "usage: intake status ROOT [JOB] [--workspace W] [--state S] [--since T] [--limit N] [--with-failed-rows] [--json] | intake status ROOT --inbox [--workspace W] [--json]")
        }
        let (root, storage) = try IntakeCommand.existingRoot(args.positionals[0])
        let catalogue = try storage.openCatalogue()
        if let workspace = args.value("workspace") { try IntakeCommand.requireKnown(workspace, root: root, catalogue: catalogue) }
        if args.flag("inbox") {
            guard args.positionals.count == 1 else { throw CommandError(.usage, "--inbox lists the waiting files; it takes no JOB") }
            let configuration = (try? Configuration.load(path: root.configuration)) ?? Configuration()
            InboxGlance(root: root, configuration: configuration).list(workspace: args.value("workspace"), json: args.flag("json"), console: console)
            return .ok
        }
        if args.positionals.count == 2 {
            let id = args.positionals[1]
            guard let job = try catalogue.job(id) else { throw CommandError(.noInput, "no job \(id) in \(storage.name)") }
            console.write(JobResult(statusOf: job).json(pretty: !args.flag("json")))
            if args.flag("json") { console.write("\n") }
            return .ok
        }
        var state: JobStatus?
        if let text = args.value("state") {
            guard let parsed = JobStatus(rawValue: text.uppercased()) else {
                throw CommandError(.usage, "unknown state \"\(text)\"; states: \(JobStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            state = parsed
        }
        var limit = 50
        if let text = args.value("limit") {
            guard let parsed = Int(text), parsed > 0 else { throw CommandError(.usage, "--limit takes a positive number") }
            limit = parsed
        }
        var since: Timestamp?
        if let text = args.value("since") {
            guard let parsed = Timestamp(rfc3339: text) else {
                throw CommandError(.usage, "--since takes a date or time such as 2026-11-23 or 2026-11-23T10:00:00Z, not \"\(text)\"")
            }
            since = parsed
        }
        let withFailedRows = args.flag("with-failed-rows")
        let jobs = try catalogue.jobs(workspace: args.value("workspace"), status: state, since: since, limit: limit,
                                      withFailedRows: withFailedRows)
        if args.flag("json") {
            for job in jobs { console.write(JobResult(statusOf: job).json(pretty: false) + "\n") }
        } else {
            if args.value("workspace") == nil && state == nil && since == nil && !withFailedRows { try printGlance(root: root, storage: storage, catalogue: catalogue, console: console) }
            console.print(header)
            for job in jobs { console.print(line(job)) }
        }
        return .ok
    }

    /// The daemon's health at a glance: what waits in the inbox, jobs by status,
    /// the last scan (from `metrics.prom`, when a daemon writes it).
    static func printGlance(root: Root, storage: any Storage, catalogue: any JobCatalogue, console: Console) throws {
        let configuration = (try? Configuration.load(path: root.configuration)) ?? Configuration()
        console.print("catalogue: \(storage.usesRootFiles ? storage.name : "intake.jobs in " + storage.name)")
        let inbox = InboxGlance(root: root, configuration: configuration)
        console.print("inbox: \(WaitingFiles(inbox.drops, now: inbox.now, writerOpen: inbox.isWriterOpen).summary)")
        let counts = try catalogue.statusCounts()
        let jobs = JobStatus.allCases.compactMap { status in counts.jobs[status].map { "\(status.rawValue) \($0)" } }
        console.print("jobs: \(jobs.isEmpty ? "none" : jobs.joined(separator: ", ")); rows: \(counts.succeeded) succeeded, \(counts.failed) failed")
        if counts.jobs[.running, default: 0] > 0 {
            let running = Set(try catalogue.jobs(status: .running, limit: 1000).map(\.workspace))
            for workspace in running.sorted() {
                console.print("lock: \(workspace) held by \(storage.locks.holder(workspace)?.summary ?? "an unknown process")")
            }
        }
        let metrics = (try? FileSystem.readFile(root.metrics)).map { String(decoding: $0, as: UTF8.self).split(separator: "\n") } ?? []
        if let scan = metrics.first(where: { $0.hasPrefix("intake_last_scan_timestamp_seconds ") })?.split(separator: " ").last,
           let seconds = Double(scan) {
            console.print("last daemon scan: \(Timestamp(milliseconds: Int64(seconds * 1000)).rfc3339)")
        }
        if let leases = metrics.first(where: { $0.hasPrefix("intake_leases_available") }) {
            if leases.hasSuffix(" 1") {
                console.print("leases: available (a file still open for writing is never taken)")
            } else {
                let reason = leases.split(separator: "\"", omittingEmptySubsequences: false).dropFirst().first.map(String.init) ?? "unknown"
                console.print("leases: unavailable (\(reason)); the settle window alone decides")
            }
        }
        console.print("")
    }

    static let header = pad("JOB", 28) + pad("WORKSPACE", 16) + pad("TYPE", 24) + pad("STATUS", 10)
        + pad("ROWS", 9) + pad("FAILED", 8) + pad("QUEUED", 25) + "FILE"

    /// One row of the jobs table.
    static func line(_ job: JobRecord) -> String {
        let type = ImportType(apiType: job.apiType)?.name ?? "-"
        let rows = job.status == .running ? "\(job.processed)…" : String(job.total)
        return pad(job.jobID, 28) + pad(job.workspace, 16) + pad(type, 24) + pad(job.status.rawValue, 10)
            + pad(rows, 9) + pad(String(job.failed), 8) + pad(job.queuedAt.rfc3339, 25) + job.sourceName
            + (job.sourceLayers.isEmpty ? "" : "  (layers: " + job.sourceLayers.joined(separator: ", ") + ")")
            + (job.error.map { "  (\($0.code))" } ?? "") + (job.retryOf.map { "  (retry of \($0))" } ?? "")
    }

}

private func pad(_ text: String, _ width: Int) -> String { IntakeCommand.pad(text, width) }
