import IntakeCore
import IntakeSystem

/// One pass over the inbox: what `intake run` does once and `intake watch`
/// does on every wake. ``plan(_:readiness:catalogue:lookForRecovery:)``
/// refuses the drops that name no configured workspace or type, routes the
/// others to their workspace and adds each workspace with work to recover;
/// ``turn(workspace:drops:)`` then recovers, claims and runs, one workspace
/// per thread. Only when the turns run is the caller's: ``Scheduler`` runs
/// them all at once and returns, ``Daemon`` as its workers free up.
package struct InboxPass: Sendable {
    package let root: Root
    package let configuration: Configuration
    package let logger: Logger
    /// The storage and the formats this process was given.
    package let drivers: Drivers
    /// Asked before each claim; false once a daemon is stopping.
    package var keepClaiming: @Sendable () -> Bool = { true }
    /// The catalogue connection the turns share (`watch`); nil: each turn opens its own.
    package var catalogue: SharedCatalogue?
    /// The stores kept open between turns (`watch`); nil: each turn opens its workspace's.
    package var stores: OpenStores?

    /// A pass over `root` with one configuration.
    package init(root: Root, configuration: Configuration, drivers: Drivers, logger: Logger) {
        self.root = root
        self.drivers = drivers
        self.configuration = configuration
        self.logger = logger
    }

    /// What a pass has to do once its drops are routed.
    package struct Plan {
        /// Jobs the pass ended itself: refused drops, and jobs of workspaces removed from the configuration.
        package var finished: [JobRecord] = []
        /// The settled drops of each workspace, oldest first, not yet asked
        /// whether a writer holds them; an empty list for a workspace that has
        /// only work to recover.
        package var turns: [String: [Drop]] = [:]
        /// Refused drops left because a writer still holds them.
        package var beingWritten = 0
        /// What stopped the plan part way (what it did until then stands).
        package var failure: (any Error)?

        /// An empty plan.
        package init() {}
    }

    /// Settles the workspaces removed from the configuration, refuses the
    /// settled misnamed drops that no writer holds, routes the others by
    /// workspace, and adds each workspace without drops that has work to
    /// recover (`lookForRecovery` tells which to look at: `watch` looks at a
    /// workspace again only every `rescan_seconds`).
    package func plan(
        _ settled: [Drop], readiness: inout Readiness, catalogue: any JobCatalogue,
        lookForRecovery: (String) -> Bool = { _ in true }
    ) -> Plan {
        var plan = Plan()
        do {
            plan.finished += try RemovedWorkspaces(root: root, configuration: configuration, drivers: drivers, logger: logger).settle(catalogue: catalogue)
            var refused: [Drop] = []
            for drop in settled {
                switch drop.route {
                case .accepted(let workspace, _, _):
                    plan.turns[workspace, default: []].append(drop)
                case .refused:
                    refused.append(drop)
                }
            }
            let confirmed = readiness.confirm(refused)
            plan.beingWritten += confirmed.beingWritten
            let claims = Claims(root: root, configuration: configuration, drivers: drivers, logger: logger)
            for drop in confirmed.ready {
                guard case .refused(let workspace, let refusal) = drop.route else { continue }
                if let record = try claims.refuse(drop, workspace: workspace, refusal: refusal, type: nil, catalogue: catalogue) {
                    plan.finished.append(record)
                }
            }
            for workspace in configuration.workspaces.keys where plan.turns[workspace] == nil && lookForRecovery(workspace) {
                if try needsRecovery(workspace, catalogue: catalogue) { plan.turns[workspace] = [] }
            }
        } catch {
            plan.failure = error
        }
        return plan
    }

    /// Whether `workspace` has claimed files in `work/` or unfinished jobs in the catalogue.
    package func needsRecovery(_ workspace: String, catalogue: any JobCatalogue) throws -> Bool {
        let inWork = try FileSystem.list(root.work(workspace)).contains { !$0.hasPrefix(".") }
        return try inWork || !catalogue.unfinishedJobs(workspace: workspace).isEmpty
    }
}
