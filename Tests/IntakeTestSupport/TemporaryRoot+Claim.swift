import IntakeKit

extension TemporaryRoot {
    /// Scans, claims the oldest drop as a scheduler would, and returns it with
    /// a runner for its workspace, so a test can act between claim and import
    /// (through the runner's `onProgress`).
    package func claimFirstDrop(workspace: String = "acme") throws -> (ClaimedJob, JobRunner)? {
        let configuration = try Configuration.load(path: root.configuration)
        guard let drop = try InboxScanner(root: root, configuration: configuration).scan().first,
              case .accepted(_, let type, let format) = drop.route
        else { return nil }
        let catalogue = try SQLiteCatalogue(root: root)
        let claims = Claims(root: root, configuration: configuration, drivers: .standard, logger: .silent)
        guard let job = try claims.claim(drop, workspace: workspace, type: type, format: format, catalogue: catalogue) else {
            return nil
        }
        let runner = try JobRunner(root: root, configuration: configuration, workspace: workspace, catalogue: catalogue,
                                   logger: .silent)
        return (job, runner)
    }
}
