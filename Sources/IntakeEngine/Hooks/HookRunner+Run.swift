import Foundation
import IntakeCore
import IntakeSystem

extension HookRunner {
    /// Runs one hook to its end; true when it exited 0 in time. No shell, no
    /// stdin, only the spec's environment; its output logged as
    /// `event=hook_output` up to 64 KiB (``HookOutput``); at its timeout it
    /// and every process it started are killed (``ProcessFamily``), and so
    /// are processes it started and left behind when it ends. A non-zero
    /// exit, a signal, a timeout or a program that cannot start is logged
    /// as `event=hook_failed`.
    package func run(_ command: [String], record: JobRecord, timeout: Double) -> Bool {
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
        var output = HookOutput()
        let (ending, leftovers) = process.finish(deadline: started + timeout, mark: "INTAKE_JOB_ID=" + record.jobID) { chunk in
            for line in output.take(chunk) { logger.log(.info, "hook_output", fields("line", line)) }
        }
        if let last = output.finish() { logger.log(.info, "hook_output", fields("line", last)) }
        if output.dropped > 0 {
            logger.log(.info, "hook_output", [
                "workspace": record.workspace, "job": record.jobID, "not_logged_bytes": String(output.dropped),
                "note": "a hook's output is logged up to \(HookOutput.limit) bytes per run",
            ])
        }
        let seconds = String(format: "%.3f", MonotonicClock.seconds() - started)
        let left = leftovers > 0 ? "; \(leftovers) process(es) it started were still running and were killed" : ""
        switch ending {
        case .exited(0):
            logger.log(.info, "hook_done", [
                "workspace": record.workspace, "job": record.jobID, "seconds": seconds,
                "killed_leftovers": leftovers > 0 ? String(leftovers) : nil,
            ])
            return true
        case .exited(let status):
            logger.log(.warning, "hook_failed", fields("message", "\(command[0]) exited with status \(status) after \(seconds) s\(left); the job is unchanged"))
        case .signalled(let signal):
            logger.log(.warning, "hook_failed", fields("message", "\(command[0]) was ended by signal \(signal) after \(seconds) s\(left); the job is unchanged"))
        case .timedOut:
            logger.log(.warning, "hook_failed", fields("message", "\(command[0]) (or a process it started) still ran after hook_timeout_seconds (\(timeout) s): it and the \(leftovers) process(es) it started were killed; the job is unchanged"))
        }
        return false
    }

    /// The variables a hook's environment may hold from this process's:
    /// nothing else reaches it (never `PG*`, `INTAKE_DATABASE_URL` or
    /// another secret of the daemon's).
    package static let passedVariables = ["PATH", "HOME", "LANG", "TZ"]

    /// The hook's whole environment: the job's `INTAKE_*` variables and
    /// ``passedVariables`` from this process's environment (`PATH` defaults
    /// to `/usr/local/bin:/usr/bin:/bin`).
    package func environment(for record: JobRecord, from inherited: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var variables = inherited.filter { HookRunner.passedVariables.contains($0.key) }
        if variables["PATH"] == nil { variables["PATH"] = "/usr/local/bin:/usr/bin:/bin" }
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

    /// The job's `result.json` (`.pgp` when encrypted): in its workspace's outbox, or in `_unrouted`'s
    /// (a drop naming no configured workspace, a removed workspace's job).
    package func resultPath(of record: JobRecord) -> String {
        let own = root.resultFile(workspace: record.workspace, job: record.jobID)
        let unrouted = root.outbox(Root.unrouted) + "/" + record.jobID + ".result.json"
        return FileSystem.exists(own) || !FileSystem.exists(unrouted) ? own : unrouted
    }
}
