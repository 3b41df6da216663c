import IntakeCore
import IntakeEngine
import IntakeSystem

/// `intake import ROOT --workspace W --type T FILE`: one job in the foreground.
/// Never moves or changes the caller's file; exits 75 at once when the
/// workspace is busy.
enum ImportCommand {
    static func run(_ arguments: [String], console: Console, logger: Logger) throws -> ExitCode {
        let args = try Arguments(arguments, valued: ["workspace", "type"], flags: [])
        guard args.positionals.count == 2, let workspace = args.value("workspace"), let typeName = args.value("type") else {
            throw CommandError(.usage, "usage: intake import ROOT --workspace W --type T FILE")
        }
        let type = try IntakeCommand.importType(typeName)
        let path = args.positionals[1]
        guard let status = try? FileStatus.of(path), status.kind == .regular else {
            throw CommandError(.noInput, "\(path): no such regular file (symbolic links are not followed)")
        }
        let (root, configuration) = try IntakeCommand.openRoot(args.positionals[0])
        try IntakeCommand.requireConfigured(workspace, configuration: configuration, root: root)
        return try importFile(path, root: root, configuration: configuration, workspace: workspace, type: type,
                              console: console, logger: logger)
    }

    /// One foreground job for `path` (also used by `intake retry`): `name` is the
    /// source name to record (the file's own name by default); `force` skips the
    /// dedupe by content; `retryOf` is the job this one imports again. The
    /// job's `on_job_end` hook runs before it returns.
    static func importFile(
        _ path: String, root: Root, configuration: Configuration, workspace: String, type: ImportType,
        name sourceName: String? = nil, force: Bool = false, retryOf: String? = nil, console: Console, logger: Logger
    ) throws -> ExitCode {
        let storage = configuration.storage(for: root)
        let catalogue = try storage.openCatalogue()
        let claims = Claims(root: root, configuration: configuration, drivers: .standard, logger: logger)
        let name = sourceName ?? String(path.split(separator: "/").last ?? "document")
        switch DropName.route(workspace: workspace, typeName: type.name, fileName: name, configuration: configuration,
                                   handlers: .everything) {
        case .refused(let owner, let refusal):
            let record = try claims.refuseUnmoved(name: name, workspace: owner, refusal: refusal, type: type, catalogue: catalogue)
            runHook(of: record.jobID, root: root, configuration: configuration, logger: logger)
            console.print(StatusCommand.line(record))
            throw CommandError(refusal.code == "permission_denied" ? .noPermission : .dataError, refusal.message)
        case .accepted(_, _, let format):
            let runner = try JobRunner(root: root, configuration: configuration, drivers: .standard, workspace: workspace,
                                       catalogue: catalogue, logger: logger)
            guard let lock = try storage.locks.tryAcquire(workspace, job: nil, store: runner.store) else {
                let holder = storage.locks.holder(workspace)
                throw CommandError(.busy, "workspace \(workspace) is busy with \(holder?.summary ?? "another job"); try again when it has finished")
            }
            defer { lock.release() }
            runner.lock = lock
            var startedAt = Timestamp.now()
            let recovery = try runner.recover(startedAt: startedAt)
            for fault in recovery.faults {
                // Another job left claimed by a crash: it stays for the next run; this import goes on.
                logger.log(.error, "job_fault", ["workspace": workspace, "job": fault.job, "message": fault.underlying])
            }
            // The recovered jobs had the lock until now: this job starts after them.
            if !recovery.outcomes.isEmpty || !recovery.faults.isEmpty { startedAt = Timestamp.now() }
            runner.onProgress = ProgressDisplay(console: console, logger: logger).update
            runner.skipDedupe = force
            var job = try claims.claimCopy(of: path, name: name, workspace: workspace, type: type, format: format,
                                           catalogue: catalogue)
            job.record.retryOf = retryOf
            try lock.setHolder(job: job.record.jobID)
            let outcome: JobOutcome
            do {
                outcome = try runner.run(job, startedAt: startedAt)
            } catch {
                throw CommandError(.ioError, error.description)
            }
            guard case .finished(let record) = outcome else {
                throw CommandError(.ioError, "\(path) changed while it was imported; nothing was stored, import it again once it is complete")
            }
            lock.release()
            runHook(of: record.jobID, root: root, configuration: configuration, logger: logger)
            console.print(StatusCommand.line(record))
            console.print("result: \(root.resultFile(workspace: workspace, job: record.jobID))")
            switch record.status {
            case .done, .duplicate: return .ok
            default:
                if let error = record.error {
                    console.error("intake import: \(path)\(error.line.map { ":\($0)" } ?? ""): \(error.message)")
                }
                return .dataError
            }
        }
    }

    /// Runs the job's `on_job_end` hook, if one is configured, and waits for it
    /// (bounded by `hook_timeout_seconds`).
    static func runHook(of job: String, root: Root, configuration: Configuration, logger: Logger) {
        let hooks = HookRunner(root: root, drivers: .standard, logger: logger)
        hooks.dispatch(configuration: configuration, only: [job])
        hooks.wait(seconds: configuration.hookTimeoutSeconds + 5)
        sendWebhooks(root: root, configuration: configuration, logger: logger)
    }

    /// Sends the webhook deliveries owed (this job's, and any an earlier
    /// process left), waiting for their retries up to `hook_timeout_seconds`;
    /// what is left stays owed for the daemon or the next command.
    static func sendWebhooks(root: Root, configuration: Configuration, logger: Logger) {
        Drivers.standard.webhooks?(root, logger).drain(configuration: configuration, seconds: configuration.hookTimeoutSeconds)
    }
}
