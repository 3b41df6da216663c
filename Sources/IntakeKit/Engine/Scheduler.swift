import Dispatch
import Synchronization
import IntakeSystem

/// What one pass over the inbox did.
public struct PassSummary: Sendable {
    /// Jobs that reached an end state, in no particular order.
    public var finished: [JobRecord] = []
    /// Infrastructure faults (the jobs stay claimed for the next pass).
    public var faults: [InfrastructureFault] = []
    /// Workspaces skipped because another process held their lock.
    public var busy: [String] = []
    /// Drops seen but not yet settled (left for the next pass).
    public var unsettled = 0
}

/// One pass of `intake run`: recover, claim and import what is ready now,
/// one job at a time per workspace, up to `workers` workspaces at once.
public struct Scheduler: Sendable {
    let root: Root
    let configuration: Configuration
    let logger: Logger
    /// The storage and the formats this process was given.
    let drivers: Drivers
    /// Waits the settle window (injected so tests need not sleep).
    let sleep: @Sendable (Double) -> Void
    /// Asked before each claim; false once a daemon is stopping.
    var keepClaiming: @Sendable () -> Bool = { true }
    /// Tells whether a writer holds a drop open (a read lease; injectable).
    public var leaseTest: @Sendable (Drop) -> LeaseResult

    /// A scheduler for `root`.
    public init(root: Root, configuration: Configuration, drivers: Drivers, logger: Logger,
                sleep: @escaping @Sendable (Double) -> Void = { MonotonicClock.sleep(seconds: $0) }) {
        self.root = root
        self.drivers = drivers
        self.configuration = configuration
        self.logger = logger
        self.sleep = sleep
        leaseTest = Readiness.testLease(inbox: root.inbox)
    }

    /// Lists the inbox, waits the settle window once if a drop has no marker
    /// (the longest window of the workspaces waiting), and takes the drops that
    /// did not change and that no process holds open for writing (``Readiness``).
    public func readyDrops() throws(SystemError) -> (ready: [Drop], unsettled: Int) {
        let scanner = InboxScanner(root: root, configuration: configuration, handlers: drivers.handlers)
        var readiness = Readiness(leaseTest: leaseTest)
        let started = MonotonicClock.seconds()
        let drops = try scanner.scan()
        var review = readiness.review(drops, at: started, configuration: configuration)
        let wait = drops.filter { !$0.hasMarker }.map { configuration.settleSeconds(for: $0.workspace) }.max() ?? 0
        if wait > 0 {
            sleep(wait)
            // The injected sleep stands for the window even when a test makes it instant.
            review = readiness.review(try scanner.scan(), at: max(MonotonicClock.seconds(), started + wait),
                                      configuration: configuration)
        }
        let confirmed = readiness.confirm(review.settled)
        return (confirmed.ready, review.waiting + confirmed.beingWritten)
    }

    /// Runs one pass.
    public func runPass() throws -> PassSummary {
        let (ready, unsettled) = try readyDrops()
        var summary = PassSummary()
        summary.unsettled = unsettled
        let claims = Claims(root: root, configuration: configuration, logger: logger)
        let catalogue = try drivers.storage(configuration, root).openCatalogue()
        summary.finished += try RemovedWorkspaces(root: root, configuration: configuration, drivers: drivers, logger: logger).settle(catalogue: catalogue)
        var byWorkspace: [String: [Drop]] = [:]
        for drop in ready {
            switch drop.route {
            case .accepted(let workspace, _, _):
                byWorkspace[workspace, default: []].append(drop)
            case .refused(let workspace, let refusal):
                if let record = try claims.refuse(drop, workspace: workspace, refusal: refusal, type: nil, catalogue: catalogue) {
                    summary.finished.append(record)
                }
            }
        }
        for workspace in configuration.workspaces.keys where byWorkspace[workspace] == nil {
            if try needsRecovery(workspace, catalogue: catalogue) { byWorkspace[workspace] = [] }
        }
        let groups = byWorkspace.sorted { $0.key < $1.key }
        let results = Mutex<[WorkspacePass]>([])
        let workers = max(1, min(configuration.workers, groups.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: groups.count, by: workers) {
                let pass = process(workspace: groups[index].key, drops: groups[index].value)
                results.withLock { $0.append(pass) }
            }
        }
        for pass in results.withLock({ $0 }) {
            summary.finished += pass.finished
            summary.faults += pass.faults
            if pass.busy { summary.busy.append(pass.workspace) }
        }
        return summary
    }

    func needsRecovery(_ workspace: String, catalogue: any JobCatalogue) throws -> Bool {
        let inWork = try FileSystem.list(root.work(workspace)).contains { !$0.hasPrefix(".") }
        return try inWork || !catalogue.unfinishedJobs(workspace: workspace).isEmpty
    }

    /// What one workspace's turn did.
    public struct WorkspacePass: Sendable {
        /// The workspace.
        public let workspace: String
        /// Jobs that reached an end state.
        public var finished: [JobRecord] = []
        /// Faults that left a job claimed.
        public var faults: [InfrastructureFault] = []
        /// Whether another process held the lock.
        public var busy = false
    }

    /// Recovers, then runs the workspace's ready drops oldest first, taking and
    /// releasing the lock once per job. A job that faults (disk full, a busy
    /// database, an I/O error) stays claimed and is set aside, and the drops
    /// behind it go on: one file never holds back its workspace. The set-aside
    /// jobs are tried again by the next pass's recovery (`intake run`: the next
    /// run; `watch`: after a backoff, see ``Daemon``). A fault of the workspace
    /// itself (its store, lock or the catalogue) ends the turn.
    public func process(workspace: String, drops: [Drop]) -> WorkspacePass {
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
        return pass
    }

    private func note(_ fault: InfrastructureFault, workspace: String, pass: inout WorkspacePass) {
        pass.faults.append(fault)
        logger.log(.error, "job_fault", [
            "workspace": workspace, "job": fault.job, "message": fault.underlying,
            "then": fault.job == "-" ? "the turn ends; retried later" : "left claimed and retried later; the other drops go on",
        ])
    }

    /// One lock hold: recovery (once per pass), then one
    /// claimed job. False when there is nothing more to do or the lock is busy.
    private func step(
        workspace: String, pending: inout ArraySlice<Drop>, recovered: inout Bool, runner cached: inout JobRunner?,
        pass: inout WorkspacePass
    ) throws -> Bool {
        let storage = drivers.storage(configuration, root)
        let runner = try cached ?? JobRunner(
            root: root, configuration: configuration, drivers: drivers, workspace: workspace, catalogue: storage.openCatalogue(),
            logger: logger)
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
        let claims = Claims(root: root, configuration: configuration, logger: logger)
        guard case .accepted(_, let type, let format) = drop.route,
              let job = try claims.claim(drop, workspace: workspace, type: type, format: format, catalogue: catalogue)
        else { return true }
        try lock.setHolder(job: job.record.jobID)
        if case .finished(let record) = try runner.run(job, startedAt: startedAt) {
            pass.finished.append(record)
        }
        return true
    }
}
