import Dispatch
import Foundation
import Synchronization

/// Runs the `on_job_end` hook (spec section 3, "Hook") of every finished job
/// that owes one. A job owes its hook from the catalogue write that records
/// its end state (``JobCatalogue/save(_:)``), so a process that stops before the
/// hook ran leaves it owed, and whichever process dispatches next runs it:
/// at least once, and not again once a process has recorded how it ended.
///
/// Each hook runs on a thread of its own, never on a workspace's turn, with
/// no shell and no stdin, in its own process group killed whole after
/// `hook_timeout_seconds`. Its output is logged as `event=hook_output`; a
/// non-zero exit, a signal, a timeout or a program that cannot start is
/// logged as `event=hook_failed`. None of them changes the job.
public final class HookRunner: Sendable {
    let root: Root
    let logger: Logger
    private let running = Mutex<Set<String>>([])
    private let group = DispatchGroup()

    /// The most output lines logged per hook run; the rest is counted.
    static let outputLineLimit = 200

    /// A runner for the hooks of `root`'s jobs.
    public init(root: Root, logger: Logger) {
        self.root = root
        self.logger = logger
    }

    /// Starts the hook of each owed job (only `jobs` when given) that this
    /// process can take, each on its own thread, and returns at once. A job
    /// whose workspace has no hook configured is marked `none`. A catalogue
    /// fault is logged; the hooks stay owed for the next dispatch.
    public func dispatch(configuration: Configuration, only jobs: Set<String>? = nil, catalogue open: (any JobCatalogue)? = nil) {
        do {
            let catalogue = try open ?? configuration.storage(for: root).openCatalogue()
            let now = Timestamp.now()
            // A claim older than a hook may run (plus a margin) was left by a process that died.
            let stale = Timestamp(milliseconds: now.milliseconds - Int64((configuration.hookTimeoutSeconds + 60) * 1000))
            let owed = try catalogue.owedHooks(staleBefore: stale)
            let inBulk = jobs == nil && configuration.onJobEnd == nil
            if inBulk, owed.contains(where: { configuration.hook(for: $0.workspace) == nil }) {
                // Workspaces without a hook: one write for all their jobs, not one per job.
                try catalogue.settleUnhookedPending(
                    hooked: configuration.workspaces.filter { $0.value.onJobEnd != nil }.map(\.key).sorted())
            }
            for record in owed {
                guard jobs?.contains(record.jobID) ?? true, !running.withLock({ $0.contains(record.jobID) }) else { continue }
                guard let command = configuration.hook(for: record.workspace) else {
                    if !inBulk { try catalogue.setHookState("none", job: record.jobID) }
                    continue
                }
                guard try catalogue.claimHook(job: record.jobID, now: now, staleBefore: stale) else { continue }
                running.withLock { _ = $0.insert(record.jobID) }
                start(command, record: record, configuration: configuration)
            }
        } catch {
            logger.log(.error, "hook_dispatch_failed", ["message": String(describing: error), "then": "the hooks stay owed and are run later"])
        }
    }

    /// Waits until the hooks this process started have ended, or `seconds` passed.
    /// True when none is left running.
    @discardableResult
    public func wait(seconds: Double) -> Bool {
        group.wait(timeout: .now() + max(0, seconds)) == .success
    }

    private func start(_ command: [String], record: JobRecord, configuration: Configuration) {
        group.enter()
        let timeout = configuration.hookTimeoutSeconds
        let storage = configuration.storage(for: root)
        let thread = Thread { [self] in
            let ok = run(command, record: record, timeout: timeout)
            do {
                try storage.openCatalogue().setHookState(ok ? "done" : "failed", job: record.jobID)
            } catch {
                logger.log(.error, "hook_state_failed", [
                    "job": record.jobID, "message": String(describing: error),
                    "then": "the hook may run again after hook_timeout_seconds",
                ])
            }
            running.withLock { _ = $0.remove(record.jobID) }
            group.leave()
        }
        thread.name = "intake-hook"
        thread.start()
    }

    /// Runs one hook to its end; true when it exited 0 in time.
    func run(_ command: [String], record: JobRecord, timeout: Double) -> Bool {
        let fields: (String, String) -> KeyValuePairs<String, String?> = { key, value in
            ["workspace": record.workspace, "job": record.jobID, key: value]
        }
        let started = MonotonicClock.seconds()
        let process: ChildProcess
        do {
            process = try ChildProcess(command: command, environment: environment(for: record))
        } catch {
            logger.log(.error, "hook_failed", fields("message", "cannot start \(command[0]): \(error.reason); check the path in on_job_end and that it is executable"))
            return false
        }
        var lines = 0
        let ending = process.finish(deadline: started + timeout) { line in
            lines += 1
            if lines <= HookRunner.outputLineLimit { logger.log(.info, "hook_output", fields("line", line)) }
        }
        if lines > HookRunner.outputLineLimit {
            logger.log(.info, "hook_output", fields("line", "(\(lines - HookRunner.outputLineLimit) more lines not logged)"))
        }
        let seconds = String(format: "%.3f", MonotonicClock.seconds() - started)
        switch ending {
        case .exited(0):
            logger.log(.info, "hook_done", ["workspace": record.workspace, "job": record.jobID, "seconds": seconds])
            return true
        case .exited(let status):
            logger.log(.warning, "hook_failed", fields("message", "\(command[0]) exited with status \(status) after \(seconds) s; the job is unchanged"))
        case .signalled(let signal):
            logger.log(.warning, "hook_failed", fields("message", "\(command[0]) was ended by signal \(signal) after \(seconds) s; the job is unchanged"))
        case .timedOut:
            logger.log(.warning, "hook_failed", fields("message", "\(command[0]) (or a process it started) still ran after hook_timeout_seconds (\(timeout) s): its process group was killed; the job is unchanged"))
        }
        return false
    }

    /// This process's environment plus the job's `INTAKE_*` variables.
    func environment(for record: JobRecord) -> [String] {
        var variables = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("INTAKE_") }
        variables["INTAKE_JOB_ID"] = record.jobID
        variables["INTAKE_WORKSPACE"] = record.workspace
        variables["INTAKE_TYPE"] = ImportType(apiType: record.apiType)?.name ?? ""
        variables["INTAKE_STATUS"] = record.status.rawValue
        variables["INTAKE_RESULT"] = resultPath(of: record)
        variables["INTAKE_TOTAL"] = String(record.total)
        variables["INTAKE_FAILED"] = String(record.failed)
        if let retryOf = record.retryOf { variables["INTAKE_RETRY_OF"] = retryOf }
        return variables.map { $0.key + "=" + $0.value }.sorted()
    }

    /// The job's `result.json`: in its workspace's outbox, or in `_unrouted`'s
    /// (a drop naming no configured workspace, a removed workspace's job).
    func resultPath(of record: JobRecord) -> String {
        let own = root.outbox(record.workspace) + "/" + record.jobID + ".result.json"
        let unrouted = root.outbox(Root.unrouted) + "/" + record.jobID + ".result.json"
        return FileSystem.exists(own) || !FileSystem.exists(unrouted) ? own : unrouted
    }
}
