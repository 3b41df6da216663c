import Dispatch
import Foundation
import IntakeCore
import IntakeSystem
import Synchronization

/// Runs the `on_job_end` hook (spec section 3, "Hook") of every finished job
/// that owes one. A job owes its hook from the catalogue write that records
/// its end state (``JobCatalogue/save(_:)``), so a process that stops before the
/// hook ran leaves it owed, and whichever process dispatches next runs it:
/// at least once, and not again once a process has recorded how it ended.
///
/// A bounded pool: at most `hook_concurrency` hooks run at once in this
/// process, each on a thread of its own, never on a workspace's turn; the
/// others wait, owed, in the catalogue, and a hook that ends takes the next.
/// How one hook runs (no shell, no stdin, a clean environment, output
/// bounded, every process it started killed at its timeout) is in
/// `HookRunner+Run.swift`. None of it changes the job.
public final class HookRunner: Sendable {
    package let root: Root
    package let logger: Logger
    package let drivers: Drivers
    private let state = Mutex(Pool())
    private let group = DispatchGroup()

    /// The jobs whose hooks run now, and what the next refill reads.
    private struct Pool {
        package var running: Set<String> = []
        package var configuration: Configuration?
        package var only: Set<String>?
    }

    /// A runner for the hooks of `root`'s jobs.
    /// This process becomes a child subreaper (``ProcessTree/subreaper``)
    /// before any hook starts, so what a hook leaves behind stays findable.
    public init(root: Root, drivers: Drivers, logger: Logger) {
        self.root = root
        self.drivers = drivers
        self.logger = logger
        _ = ProcessTree.subreaper
    }

    /// Starts the hooks of owed jobs (only `jobs` when given) while fewer than
    /// `hook_concurrency` run, each on its own thread, and returns at once;
    /// a hook that ends starts the next owed one. A job whose workspace has
    /// no hook configured is marked `none`. A catalogue fault is logged; the
    /// hooks stay owed for the next dispatch.
    public func dispatch(configuration: Configuration, only jobs: Set<String>? = nil, catalogue open: (any JobCatalogue)? = nil) {
        let free = state.withLock { pool in
            pool.configuration = configuration
            pool.only = jobs
            return configuration.hookConcurrency - pool.running.count
        }
        guard free > 0 else { return }
        do {
            let catalogue = try open ?? drivers.storage(configuration, root).openCatalogue()
            let now = Timestamp.now()
            // A claim older than a hook may run (plus a margin) was left by a process that died.
            let stale = Timestamp(milliseconds: now.milliseconds - Int64(min(configuration.hookTimeoutSeconds + 60, 1e9) * 1000))
            // Without a top-level hook and a list of jobs, every owed job a page shows can run.
            let inBulk = jobs == nil && configuration.onJobEnd == nil
            var owed = try catalogue.owedHooks(staleBefore: stale, limit: jobs == nil ? free : nil)
            if inBulk, owed.contains(where: { configuration.hook(for: $0.workspace) == nil }) {
                // Workspaces without a hook: one write for all their jobs, not one per job.
                try catalogue.settleUnhookedPending(
                    hooked: configuration.workspaces.filter { $0.value.onJobEnd != nil }.map(\.key).sorted())
                owed = try catalogue.owedHooks(staleBefore: stale, limit: free)
            }
            for record in owed where jobs?.contains(record.jobID) ?? true {
                guard let command = configuration.hook(for: record.workspace) else {
                    if !inBulk { try catalogue.setHookState("none", job: record.jobID) }
                    continue
                }
                // A slot is taken before the claim, so two threads refilling at once never pass the bound.
                let slot = state.withLock { pool in
                    guard pool.running.count < configuration.hookConcurrency, !pool.running.contains(record.jobID) else { return false }
                    pool.running.insert(record.jobID)
                    return true
                }
                guard slot else { continue }
                guard try catalogue.claimHook(job: record.jobID, now: now, staleBefore: stale) else {
                    state.withLock { _ = $0.running.remove(record.jobID) }
                    continue
                }
                start(command, record: record, configuration: configuration)
            }
        } catch {
            logger.log(.error, "hook_dispatch_failed", ["message": String(describing: error), "then": "the hooks stay owed and are run later"])
        }
    }

    /// Waits until the hooks this process started (and those they made room
    /// for) have ended, or `seconds` passed. True when none is left running.
    @discardableResult
    public func wait(seconds: Double) -> Bool {
        group.wait(timeout: .now() + max(0, min(seconds, 1e9))) == .success
    }

    /// Waits until no hook runs and none owed is left for this process to start
    /// (each is bounded by `hook_timeout_seconds`).
    public func waitUntilIdle() {
        group.wait()
    }

    private func start(_ command: [String], record: JobRecord, configuration: Configuration) {
        group.enter()
        let timeout = configuration.hookTimeoutSeconds
        let storage = drivers.storage(configuration, root)
        let thread = Thread { [self] in
            let ok = run(command, record: record, timeout: timeout)
            var catalogue: (any JobCatalogue)?
            do {
                catalogue = try storage.openCatalogue()
                try catalogue?.setHookState(ok ? "done" : "failed", job: record.jobID)
            } catch {
                logger.log(.error, "hook_state_failed", [
                    "job": record.jobID, "message": String(describing: error),
                    "then": "the hook may run again after hook_timeout_seconds",
                ])
            }
            let next = state.withLock { pool in
                pool.running.remove(record.jobID)
                return pool.configuration.map { ($0, pool.only) }
            }
            // The freed slot takes the next owed hook before this one counts as ended.
            if let (configuration, only) = next { dispatch(configuration: configuration, only: only, catalogue: catalogue) }
            group.leave()
        }
        thread.name = "intake-hook"
        thread.start()
    }
}
