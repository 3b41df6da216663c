import IntakeCore
import IntakeEngine
import IntakeSystem

/// `intake run ROOT`: one pass over what is ready now, then exit (for cron).
/// Exits 0 whatever the documents held; 74 when an infrastructure fault left
/// a job for the next run.
enum RunCommand {
    static func run(_ arguments: [String], console: Console, logger: Logger) throws -> ExitCode {
        let args = try Arguments(arguments, valued: [], flags: [])
        guard args.positionals.count == 1 else { throw CommandError(.usage, "usage: intake run ROOT") }
        let (root, configuration) = try IntakeCommand.openRoot(args.positionals[0])
        LeaseSupport.probe(folder: root.work).log(to: logger)
        let summary = try Scheduler(root: root, configuration: configuration, drivers: .standard, logger: logger).runPass()
        // The `on_job_end` hooks of the jobs that ended (and of any left owed by
        // a process that stopped), hook_concurrency at a time, each bounded by hook_timeout_seconds.
        let hooks = HookRunner(root: root, drivers: .standard, logger: logger)
        hooks.dispatch(configuration: configuration)
        hooks.waitUntilIdle()
        ImportCommand.sendWebhooks(root: root, configuration: configuration, logger: logger)
        for job in summary.finished.sorted(by: { $0.jobID < $1.jobID }) {
            console.print(StatusCommand.line(job))
        }
        if summary.unsettled > 0 {
            console.print("\(summary.unsettled) file(s) still changing, held open by a writer or newly arrived: left for the next run")
        }
        for workspace in summary.busy {
            console.print("workspace \(workspace) is busy with another process: its drops wait for the next run")
        }
        for fault in summary.faults {
            console.error("intake run: \(fault)")
        }
        return summary.faults.isEmpty ? .ok : .ioError
    }
}
