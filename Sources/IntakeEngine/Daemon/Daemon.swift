import Dispatch
import Foundation
import IntakeCore
import IntakeSystem
import Synchronization

/// `intake watch`, a ``Service``: inotify as a hint plus a full rescan at
/// start, every `rescan_seconds` and after a queue overflow; drops taken once
/// settled (counted from first sight, or at once with a `.done` marker); one
/// ``InboxPass`` per wake, one job at a time per workspace, up to `workers`
/// workspaces at once. Its ``ShutdownTrigger`` (SIGINT/SIGTERM in `intake
/// watch`) stops the claims and waits up to `shutdown_seconds` for running
/// jobs (a job still running then is left for recovery); ``requestReload()``
/// (SIGHUP) reads `intake.json` again. All its waiting is on its
/// ``ServiceClock``.
public final class Daemon: Service {
    package let root: Root
    package let logger: Logger
    /// The storage and the formats this process was given.
    package let drivers: Drivers
    package let state: Mutex<State>
    private let reloadRequested = Atomic<Bool>(false)
    private let clock: any ServiceClock
    private let shutdown: ShutdownTrigger
    private let hooks: HookRunner
    private let webhooks: (any WebhookSender)?

    package struct State: Sendable {
        package var configuration: Configuration
        package var running: Set<String> = []
        package var overflows = 0
        /// Workspaces whose last turn faulted: when (``ServiceClock`` seconds) to try
        /// again, and the delay that led there (doubled each time, capped at
        /// `rescan_seconds`).
        package var retries: [String: (at: Double, delay: Double)] = [:]
        /// The catalogue's last counts, written to `metrics.prom` again while the database is down.
        package var lastCounts: JobCounts?
        /// The stores kept open between jobs; a new set after a reload.
        package var stores = OpenStores()
    }

    /// A daemon for `root` with its loaded configuration, on the system clock,
    /// stopped by ``stop()``.
    public convenience init(root: Root, configuration: Configuration, drivers: Drivers, logger: Logger) throws {
        try self.init(root: root, configuration: configuration, drivers: drivers, logger: logger,
                      clock: SystemServiceClock(), shutdown: ShutdownTrigger())
    }

    /// A daemon that waits on `clock` and winds down once `shutdown` fires.
    package init(root: Root, configuration: Configuration, drivers: Drivers, logger: Logger, clock: any ServiceClock,
                 shutdown: ShutdownTrigger) {
        self.root = root
        self.drivers = drivers
        self.logger = logger
        state = Mutex(State(configuration: configuration))
        self.clock = clock
        self.shutdown = shutdown
        hooks = HookRunner(root: root, drivers: drivers, logger: logger)
        webhooks = drivers.webhooks?(root, logger)
        shutdown.onFire { clock.wake() }
    }

    /// Asks the loop to stop: fires its shutdown trigger.
    public func stop() {
        shutdown.fire()
    }

    /// Asks the loop to read `intake.json` again on its next wake (what SIGHUP does).
    package func requestReload() {
        reloadRequested.store(true, ordering: .sequentiallyConsistent)
        poke()
    }

    private func poke() { clock.wake() }

    /// Runs until stopped; returns once running jobs finished or the shutdown time passed.
    public func run() throws {
        let watches = (try? Inotify()).map(FolderWatches.init)
        if watches == nil { logger.log(.warning, "inotify_unavailable", ["message": "only the periodic rescan will find drops"]) }
        var readiness = Readiness(leaseTest: Readiness.testLease(inbox: root.inbox))
        var recovered = Set<String>()
        // Every `rescan_seconds` each workspace is looked at again for work to
        // recover: another host's process may have died holding one of its jobs.
        var recoveryLooked = clock.now()
        logger.log(.info, "watch_started", ["root": root.path])
        let leases = LeaseSupport.probe(folder: root.work)
        leases.log(to: logger)
        var metricsWritten = -Double.infinity
        // One catalogue connection, kept open and shared by the loop and every
        // turn (``SharedCatalogue``): while one connection stays open SQLite keeps
        // the WAL, instead of checkpointing and deleting it each time the last
        // connection of a job closes.
        var loopCatalogue: SharedCatalogue?
        while !shutdown.isFired {
            if reloadRequested.exchange(false, ordering: .sequentiallyConsistent) {
                reload()
                loopCatalogue = nil  // the database may be another one now
            }
            let configuration = state.withLock { $0.configuration }
            if let watches, watches.drain().overflowed {
                state.withLock { $0.overflows += 1 }
                logger.log(.warning, "inotify_overflow", ["message": "events were lost; rescanning"])
            }
            let started = Timestamp.now()
            let scanner = InboxScanner(root: root, configuration: configuration, handlers: drivers.handlers)
            let drops: [Drop]
            do {
                drops = try scanner.scan { folder in watches?.watch(folder) }
            } catch {
                logger.log(.error, "scan_failed", ["message": error.description])
                wait(seconds: 1)
                continue
            }
            let review = readiness.review(drops, at: clock.now(), configuration: configuration)
            if let catalogue = loopCatalogue, !catalogue.isConnected { loopCatalogue = nil }
            if clock.now() - recoveryLooked >= configuration.rescanSeconds {
                recoveryLooked = clock.now()
                recovered.removeAll()
            }
            if loopCatalogue == nil {
                loopCatalogue = (try? drivers.storage(configuration, root).openCatalogue()).map(SharedCatalogue.init)
            }
            let beingWritten = dispatch(review.settled, readiness: &readiness, configuration: configuration,
                                        catalogue: loopCatalogue, recovered: &recovered)
            hooks.dispatch(configuration: configuration, catalogue: loopCatalogue)
            webhooks?.poke(configuration: configuration)
            // Metrics at most once a second (a flood wakes the loop hundreds of times a second).
            let sinceMetrics = clock.now() - metricsWritten
            if sinceMetrics >= Daemon.metricsInterval {
                writeMetrics(drops: drops, writerOpen: readiness.isWriterOpen, scanStarted: started, configuration: configuration,
                             overflows: watches?.inotify.overflows ?? 0,
                             leases: leases, catalogue: loopCatalogue)
                metricsWritten = clock.now()
            }
            // Wake for the next settle deadline, else for the periodic rescan; inotify and pokes wake
            // sooner (a writer's close is an inotify event; a drop held open is looked at again
            // after a settle window in case nothing tells).
            var seconds = min(review.nextCheck ?? configuration.rescanSeconds, configuration.rescanSeconds)
            if sinceMetrics < Daemon.metricsInterval { seconds = min(seconds, Daemon.metricsInterval - sinceMetrics) }
            if let retry = state.withLock({ $0.retries.values.map(\.at).min() }) {
                seconds = min(seconds, max(0, retry - clock.now()))
            }
            if beingWritten > 0 { seconds = min(seconds, max(configuration.settleSeconds, 0.5)) }
            wait(seconds: max(0.05, min(seconds, 3600)), inotify: watches?.inotify.fd)
        }
        shutDown()
    }

    /// Refuses misnamed drops at once; hands each idle workspace its settled
    /// drops that no writer holds (asking only for the ones it will take this
    /// turn). Returns how many were found still open for writing.
    private func dispatch(
        _ settled: [Drop], readiness: inout Readiness, configuration: Configuration, catalogue loopCatalogue: SharedCatalogue?,
        recovered: inout Set<String>
    ) -> Int {
        var pass = InboxPass(root: root, configuration: configuration, drivers: drivers, logger: logger)
        pass.keepClaiming = { [shutdown] in !shutdown.isFired }
        pass.catalogue = loopCatalogue
        pass.stores = state.withLock { $0.stores }
        var plan = InboxPass.Plan()
        do {
            let catalogue: any JobCatalogue = try loopCatalogue ?? drivers.storage(configuration, root).openCatalogue()
            // Each workspace is recovered on its first turn, even with nothing new, again
            // every `rescan_seconds` (a process on another host may have died holding one of
            // its jobs), and once the backoff after a faulted turn has passed.
            plan = pass.plan(settled, readiness: &readiness, catalogue: catalogue, lookForRecovery: { !recovered.contains($0) })
            if let failure = plan.failure { throw failure }
            let now = clock.now()
            for (workspace, retry) in state.withLock({ $0.retries }) where retry.at <= now && plan.turns[workspace] == nil {
                if configuration.workspaces[workspace] != nil { plan.turns[workspace] = [] }
            }
        } catch {
            logger.log(.error, "dispatch_failed", ["message": String(describing: error)])
        }
        var beingWritten = plan.beingWritten
        for (workspace, drops) in plan.turns.sorted(by: { $0.key < $1.key }) {
            let start = state.withLock { state -> Bool in
                guard !state.running.contains(workspace), state.running.count < configuration.workers else { return false }
                state.running.insert(workspace)
                return true
            }
            guard start else { continue }
            let confirmed = readiness.confirm(Array(drops.prefix(Daemon.claimsPerTurn)))
            beingWritten += confirmed.beingWritten
            let batch = confirmed.ready
            // Nothing to take but files still being written, and recovery done: no turn.
            if batch.isEmpty, !drops.isEmpty, recovered.contains(workspace) {
                state.withLock { _ = $0.running.remove(workspace) }
                continue
            }
            recovered.insert(workspace)
            let thread = Thread { [self, pass] in
                let turn = pass.turn(workspace: workspace, drops: batch)
                self.state.withLock { state in
                    state.running.remove(workspace)
                    if turn.faults.isEmpty {
                        state.retries[workspace] = nil
                    } else {
                        let delay = min(max((state.retries[workspace]?.delay ?? 0.25) * 2, 0.5),
                                        max(state.configuration.rescanSeconds, 0.5))
                        state.retries[workspace] = (self.clock.now() + delay, delay)
                    }
                }
                self.poke()
            }
            thread.name = "intake-\(workspace)"
            thread.start()
        }
        return beingWritten
    }

    /// Seconds between two writes of `metrics.prom`.
    package static let metricsInterval = 1.0

    /// Drops one workspace takes per turn, so a folder of 100,000 files never
    /// stalls the others; the rest are taken on the next turns.
    package static let claimsPerTurn = 100

    private func wait(seconds: Double, inotify: Int32? = nil) {
        clock.wait(until: clock.now() + seconds, orReadable: inotify)
    }

    private func reload() {
        do {
            let configuration = try Configuration.load(path: root.configuration)
            if let problem = drivers.reportKeyProblems(configuration: configuration, root: root).first {
                logger.log(.error, "config_reload_failed", ["message": problem, "kept": "previous configuration"])
                return
            }
            state.withLock {
                $0.configuration = configuration
                $0.stores = OpenStores()  // the old set closes once the turns still running put theirs back
            }
            logger.log(.info, "config_reloaded", ["workspaces": String(configuration.workspaces.count)])
        } catch {
            logger.log(.error, "config_reload_failed", ["message": error.description, "kept": "previous configuration"])
        }
    }

    private func shutDown() {
        let timeout = state.withLock { $0.configuration.shutdownSeconds }
        let deadline = clock.now() + timeout
        logger.log(.info, "watch_stopping", ["running": String(state.withLock { $0.running.count })])
        while state.withLock({ !$0.running.isEmpty }), clock.now() < deadline {
            clock.wait(until: min(clock.now() + 0.1, deadline), orReadable: nil)
        }
        hooks.dispatch(configuration: state.withLock { $0.configuration })
        hooks.wait(seconds: deadline - clock.now())
        webhooks?.stop(seconds: deadline - clock.now())
        let left = state.withLock { $0.running.sorted() }
        logger.log(.info, "watch_stopped", ["left_for_recovery": left.isEmpty ? nil : left.joined(separator: ",")])
    }
}
