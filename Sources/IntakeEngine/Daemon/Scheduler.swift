import Dispatch
import IntakeCore
import IntakeSystem
import Synchronization

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

/// `intake run`: one ``InboxPass`` over what is ready now (after waiting the
/// settle window once), every turn run at once, up to `workers` workspaces at
/// a time, then return.
public struct Scheduler: Sendable {
    package let root: Root
    package let configuration: Configuration
    package let logger: Logger
    /// The storage and the formats this process was given.
    package let drivers: Drivers
    /// Waits the settle window (injected so tests need not sleep).
    package let sleep: @Sendable (Double) -> Void
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
    /// (the longest window of the workspaces waiting), and returns the drops
    /// that did not change (``Readiness``; whether a writer holds them is asked
    /// by the pass, once per drop) and how many are still settling.
    package func settledDrops(readiness: inout Readiness) throws(SystemError) -> (settled: [Drop], waiting: Int) {
        let scanner = InboxScanner(root: root, configuration: configuration, handlers: drivers.handlers)
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
        return (review.settled, review.waiting)
    }

    /// Runs one pass.
    public func runPass() throws -> PassSummary {
        var readiness = Readiness(leaseTest: leaseTest)
        let (settled, waiting) = try settledDrops(readiness: &readiness)
        let catalogue = try drivers.storage(configuration, root).openCatalogue()
        let pass = InboxPass(root: root, configuration: configuration, drivers: drivers, logger: logger)
        let plan = pass.plan(settled, readiness: &readiness, catalogue: catalogue)
        if let failure = plan.failure { throw failure }
        var summary = PassSummary()
        summary.finished = plan.finished
        summary.unsettled = waiting + plan.beingWritten
        var chosen: [(workspace: String, drops: [Drop])] = []
        for (workspace, drops) in plan.turns.sorted(by: { $0.key < $1.key }) {
            let confirmed = readiness.confirm(drops)
            summary.unsettled += confirmed.beingWritten
            // Every drop still held by its writer: a turn only for work to recover.
            if confirmed.ready.isEmpty, !drops.isEmpty, try !pass.needsRecovery(workspace, catalogue: catalogue) { continue }
            chosen.append((workspace, confirmed.ready))
        }
        let groups = chosen
        let results = Mutex<[InboxPass.WorkspacePass]>([])
        let workers = max(1, min(configuration.workers, groups.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: groups.count, by: workers) {
                let turn = pass.turn(workspace: groups[index].workspace, drops: groups[index].drops)
                results.withLock { $0.append(turn) }
            }
        }
        for turn in results.withLock({ $0 }) {
            summary.finished += turn.finished
            summary.faults += turn.faults
            if turn.busy { summary.busy.append(turn.workspace) }
        }
        return summary
    }
}
