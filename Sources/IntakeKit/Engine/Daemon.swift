import Dispatch
import Foundation
import Synchronization
import IntakeSystem

/// `intake watch`: inotify as a hint plus a full rescan at start, every
/// `rescan_seconds` and after a queue overflow; drops taken once settled
/// (counted from first sight, or at once with a `.done` marker); one job at a
/// time per workspace, up to `workers` workspaces at once. SIGINT/SIGTERM stop
/// the claims and wait up to `shutdown_seconds` for running jobs (a job still
/// running then is left for recovery); SIGHUP reloads `intake.json`.
public final class Daemon: Sendable {
    let root: Root
    let logger: Logger
    let drivers: Drivers
    let state: Mutex<State>
    private let stopping = Atomic<Bool>(false)
    private let reloadRequested = Atomic<Bool>(false)
    private let wake: WakePipe
    private let hooks: HookRunner

    struct State: Sendable {
        var configuration: Configuration
        var running: Set<String> = []
        var overflows = 0
        /// Workspaces whose last turn faulted: when (monotonic seconds) to try
        /// again, and the delay that led there (doubled each time, capped at
        /// `rescan_seconds`).
        var retries: [String: (at: Double, delay: Double)] = [:]
        /// The catalogue's last counts, written to `metrics.prom` again while the database is down.
        var lastCounts: JobCounts?
    }

    /// A daemon for `root` with its loaded configuration.
    public init(root: Root, configuration: Configuration, drivers: Drivers, logger: Logger) throws {
        self.root = root
        self.drivers = drivers
        self.logger = logger
        state = Mutex(State(configuration: configuration))
        wake = try WakePipe()
        hooks = HookRunner(root: root, drivers: drivers, logger: logger)
    }

    /// Asks the loop to stop (what SIGTERM does; tests call it directly).
    public func stop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        poke()
    }

    private func poke() { wake.poke() }

    /// Runs until stopped; returns once running jobs finished or the shutdown time passed.
    public func run() throws {
        installSignals()
        let watches = (try? Inotify()).map(FolderWatches.init)
        if watches == nil { logger.log(.warning, "inotify_unavailable", ["message": "only the periodic rescan will find drops"]) }
        var readiness = Readiness(leaseTest: Readiness.testLease(inbox: root.inbox))
        var recovered = Set<String>()
        // Every `rescan_seconds` each workspace is looked at again for work to
        // recover: another host's process may have died holding one of its jobs.
        var recoveryLooked = MonotonicClock.seconds()
        logger.log(.info, "watch_started", ["root": root.path])
        let leases = LeaseSupport.probe(folder: root.work)
        leases.log(to: logger)
        var metricsWritten = -Double.infinity
        // The loop's own catalogue connection, kept open: while one connection
        // stays open SQLite keeps the WAL, instead of checkpointing and deleting
        // it each time the last connection of a job closes.
        var loopCatalogue: (any JobCatalogue)?
        while !stopping.load(ordering: .sequentiallyConsistent) {
            if reloadRequested.exchange(false, ordering: .sequentiallyConsistent) { reload() }
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
                wait(milliseconds: 1000)
                continue
            }
            let review = readiness.review(drops, at: MonotonicClock.seconds(), configuration: configuration)
            if let catalogue = loopCatalogue, !catalogue.isConnected { loopCatalogue = nil }
            if MonotonicClock.seconds() - recoveryLooked >= configuration.rescanSeconds {
                recoveryLooked = MonotonicClock.seconds()
                recovered.removeAll()
            }
            if loopCatalogue == nil {
                loopCatalogue = try? drivers.storage(configuration, root).openCatalogue()
            }
            let beingWritten = dispatch(review.settled, readiness: &readiness, configuration: configuration,
                                        catalogue: loopCatalogue, recovered: &recovered)
            hooks.dispatch(configuration: configuration, catalogue: loopCatalogue)
            // Metrics at most once a second (a flood wakes the loop hundreds of times a second).
            let sinceMetrics = MonotonicClock.seconds() - metricsWritten
            if sinceMetrics >= Daemon.metricsInterval {
                writeMetrics(drops: drops, writerOpen: readiness.isWriterOpen, scanStarted: started, configuration: configuration,
                             overflows: watches?.inotify.overflows ?? 0,
                             leases: leases, catalogue: loopCatalogue)
                metricsWritten = MonotonicClock.seconds()
            }
            // Wake for the next settle deadline, else for the periodic rescan; inotify and pokes wake
            // sooner (a writer's close is an inotify event; a drop held open is looked at again
            // after a settle window in case nothing tells).
            var seconds = min(review.nextCheck ?? configuration.rescanSeconds, configuration.rescanSeconds)
            if sinceMetrics < Daemon.metricsInterval { seconds = min(seconds, Daemon.metricsInterval - sinceMetrics) }
            if let retry = state.withLock({ $0.retries.values.map(\.at).min() }) {
                seconds = min(seconds, max(0, retry - MonotonicClock.seconds()))
            }
            if beingWritten > 0 { seconds = min(seconds, max(configuration.settleSeconds, 0.5)) }
            wait(milliseconds: Int32(max(0.05, min(seconds, 3600)) * 1000), inotify: watches?.inotify.fd)
        }
        shutDown()
    }

    /// Refuses misnamed drops at once; hands each idle workspace its settled
    /// drops that no writer holds (asking only for the ones it will take this
    /// turn). Returns how many were found still open for writing.
    private func dispatch(
        _ settled: [Drop], readiness: inout Readiness, configuration: Configuration, catalogue loopCatalogue: (any JobCatalogue)?,
        recovered: inout Set<String>
    ) -> Int {
        var byWorkspace: [String: [Drop]] = [:]
        var beingWritten = 0
        do {
            let claims = Claims(root: root, configuration: configuration, logger: logger)
            let catalogue = try loopCatalogue ?? drivers.storage(configuration, root).openCatalogue()
            _ = try RemovedWorkspaces(root: root, configuration: configuration, drivers: drivers, logger: logger).settle(catalogue: catalogue)
            var refused: [Drop] = []
            for drop in settled {
                switch drop.route {
                case .accepted(let workspace, _, _):
                    byWorkspace[workspace, default: []].append(drop)
                case .refused:
                    refused.append(drop)
                }
            }
            let confirmed = readiness.confirm(refused)
            beingWritten += confirmed.beingWritten
            for drop in confirmed.ready {
                guard case .refused(let workspace, let refusal) = drop.route else { continue }
                try claims.refuse(drop, workspace: workspace, refusal: refusal, type: nil, catalogue: catalogue)
            }
            // Each workspace is recovered on its first turn, even with nothing new, again
            // every `rescan_seconds` (a process on another host may have died holding one of
            // its jobs), and once the backoff after a faulted turn has passed.
            let scheduler = Scheduler(root: root, configuration: configuration, drivers: drivers, logger: logger)
            for workspace in configuration.workspaces.keys where !recovered.contains(workspace) && byWorkspace[workspace] == nil {
                if try scheduler.needsRecovery(workspace, catalogue: catalogue) { byWorkspace[workspace] = [] }
            }
            let now = MonotonicClock.seconds()
            for (workspace, retry) in state.withLock({ $0.retries }) where retry.at <= now && byWorkspace[workspace] == nil {
                if configuration.workspaces[workspace] != nil { byWorkspace[workspace] = [] }
            }
        } catch {
            logger.log(.error, "dispatch_failed", ["message": String(describing: error)])
        }
        for (workspace, drops) in byWorkspace.sorted(by: { $0.key < $1.key }) {
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
            let scheduler = {
                var scheduler = Scheduler(root: root, configuration: configuration, drivers: drivers, logger: logger)
                scheduler.keepClaiming = { [weak self] in !(self?.stopping.load(ordering: .sequentiallyConsistent) ?? true) }
                return scheduler
            }()
            let thread = Thread { [self] in
                let pass = scheduler.process(workspace: workspace, drops: batch)
                self.state.withLock { state in
                    state.running.remove(workspace)
                    if pass.faults.isEmpty {
                        state.retries[workspace] = nil
                    } else {
                        let delay = min(max((state.retries[workspace]?.delay ?? 0.25) * 2, 0.5),
                                        max(state.configuration.rescanSeconds, 0.5))
                        state.retries[workspace] = (MonotonicClock.seconds() + delay, delay)
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
    static let metricsInterval = 1.0

    /// Drops one workspace takes per turn, so a folder of 100,000 files never
    /// stalls the others; the rest are taken on the next turns.
    static let claimsPerTurn = 100

    private func wait(milliseconds: Int32, inotify: Int32? = nil) {
        wake.wait(milliseconds: milliseconds, alsoOn: inotify)
    }

    private func reload() {
        do {
            let configuration = try Configuration.load(path: root.configuration)
            state.withLock { $0.configuration = configuration }
            logger.log(.info, "config_reloaded", ["workspaces": String(configuration.workspaces.count)])
        } catch {
            logger.log(.error, "config_reload_failed", ["message": error.description, "kept": "previous configuration"])
        }
    }

    private func shutDown() {
        let timeout = state.withLock { $0.configuration.shutdownSeconds }
        let deadline = MonotonicClock.seconds() + timeout
        logger.log(.info, "watch_stopping", ["running": String(state.withLock { $0.running.count })])
        while state.withLock({ !$0.running.isEmpty }), MonotonicClock.seconds() < deadline {
            wait(milliseconds: 100)
        }
        hooks.dispatch(configuration: state.withLock { $0.configuration })
        hooks.wait(seconds: deadline - MonotonicClock.seconds())
        let left = state.withLock { $0.running.sorted() }
        logger.log(.info, "watch_stopped", ["left_for_recovery": left.isEmpty ? nil : left.joined(separator: ",")])
    }

    /// SIGTERM and SIGINT stop the daemon, SIGHUP reloads its configuration
    /// (``DaemonSignals``: blocked from here on, so none is lost while it starts).
    private func installSignals() {
        DaemonSignals.start { [weak self] request in
            guard let self else { return false }
            switch request {
            case .reload:
                self.reloadRequested.store(true, ordering: .sequentiallyConsistent)
                self.poke()
            case .stop:
                self.stop()
            }
            return true
        }
    }
}
