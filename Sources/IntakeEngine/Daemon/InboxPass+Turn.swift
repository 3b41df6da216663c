import IntakeCore
import IntakeSystem

extension InboxPass {
    /// What one workspace's turn did.
    package struct WorkspacePass: Sendable {
        /// The workspace.
        package let workspace: String
        /// Jobs that reached an end state.
        package var finished: [JobRecord] = []
        /// Faults that left a job claimed.
        package var faults: [InfrastructureFault] = []
        /// Whether another process held the lock.
        package var busy = false
    }

    /// Recovers, then runs the workspace's ready drops oldest first, taking and
    /// releasing the lock once per job. A job that faults (disk full, a busy
    /// database, an I/O error) stays claimed and is set aside, and the drops
    /// behind it go on: one file never holds back its workspace. The set-aside
    /// jobs are tried again by the next pass's recovery (`intake run`: the next
    /// run; `watch`: after a backoff, see ``Daemon``). A fault of the workspace
    /// itself (its store, lock or the catalogue) ends the turn.
    package func turn(workspace: String, drops: [Drop]) -> WorkspacePass {
        var pass = WorkspacePass(workspace: workspace)
        var pending = drops[...]
        var recovered = false
        // One catalogue and one store connection for the whole turn (statements
        // stay prepared); the lock is still taken and released once per job.
        var runner: JobRunner?
        while true {
            do {
                guard try step(workspace: workspace, pending: &pending, recovered: &recovered, runner: &runner,
                               pass: &pass) else { break }
            } catch {
                runner = nil  // a fault may have left a connection unusable: open afresh
                let fault = error as? InfrastructureFault ?? InfrastructureFault.classify(error, job: "-")
                note(fault, workspace: workspace, pass: &pass)
                if fault.job == "-" { break }
            }
        }
        if let runner { stores?.put(runner.store) }
        return pass
    }

    private func note(_ fault: InfrastructureFault, workspace: String, pass: inout WorkspacePass) {
        pass.faults.append(fault)
        logger.log(.error, "job_fault", [
            "workspace": workspace, "job": fault.job, "message": fault.underlying,
            "then": fault.job == "-" ? "the turn ends; retried later" : "left claimed and retried later; the other drops go on",
        ])
    }

    /// One lock hold: recovery (once per turn), then one
    /// claimed job. False when there is nothing more to do or the lock is busy.
    private func step(
        workspace: String, pending: inout ArraySlice<Drop>, recovered: inout Bool, runner cached: inout JobRunner?,
        pass: inout WorkspacePass
    ) throws -> Bool {
        let storage = drivers.storage(configuration, root)
        let runner = try cached ?? JobRunner(
            root: root, configuration: configuration, drivers: drivers, workspace: workspace,
            catalogue: catalogue ?? storage.openCatalogue(), logger: logger, store: stores?.take(workspace))
        cached = runner
        // On the store's session: in PostgreSQL mode the lock and the job's transaction end together.
        guard let lock = try storage.locks.tryAcquire(workspace, job: nil, store: runner.store) else {
            let holder = storage.locks.holder(workspace)
            logger.log(.info, "workspace_busy", [
                "workspace": workspace, "holder_job": holder?.job, "holder_pid": holder?.pid, "holder_host": holder?.host,
            ])
            pass.busy = true
            return false
        }
        defer {
            lock.release()
            runner.lock = nil
        }
        runner.lock = lock
        let catalogue = runner.catalogue
        var startedAt = Timestamp.now()
        if !recovered {
            recovered = true
            let recovery = try runner.recover(startedAt: startedAt)
            for case .finished(let record) in recovery.outcomes { pass.finished.append(record) }
            for fault in recovery.faults { note(fault, workspace: workspace, pass: &pass) }
            // The recovered jobs had the lock until now: the job claimed next starts after them.
            if !recovery.outcomes.isEmpty || !recovery.faults.isEmpty { startedAt = Timestamp.now() }
        }
        guard keepClaiming(), let drop = pending.popFirst() else { return false }
        let claims = Claims(root: root, configuration: configuration, drivers: drivers, logger: logger)
        guard case .accepted(_, let type, let format) = drop.route,
              let job = try claims.claim(drop, workspace: workspace, type: type, format: format, catalogue: catalogue,
                                         runningFrom: startedAt)
        else { return true }
        try lock.setHolder(job: job.record.jobID)
        if case .finished(let record) = try runner.run(job, startedAt: startedAt) {
            pass.finished.append(record)
        }
        return true
    }
}
