import IntakeCore
import IntakeSystem

/// What the engine is given rather than links: how to open the storage a
/// configuration names, and the document handlers. The commands pick them
/// (IntakeCLI's `Backends.swift`, the one place that names a backend and the
/// formats); tests may pass in-memory ones.
public struct Drivers: Sendable {
    /// Opens the storage `configuration` names for `root`: called again after
    /// a reload, since `database` may have changed.
    public let storage: @Sendable (_ configuration: Configuration, _ root: Root) -> any Storage
    /// The formats drops may have.
    public let handlers: DocumentHandlers
    /// Makes the sender of a root's webhook deliveries; nil sends none (they stay owed).
    public let webhooks: (@Sendable (_ root: Root, _ logger: Logger) -> any WebhookSender)?
    /// Encrypts the outbox files of a workspace with `encrypt_reports_to`;
    /// nil: such a workspace's reports cannot be written (never written plain).
    public let reports: (any ReportEncryption)?

    /// Drivers made of `storage`, `handlers` and, when given, a webhook sender and the reports' encryption.
    public init(storage: @escaping @Sendable (_ configuration: Configuration, _ root: Root) -> any Storage,
                handlers: DocumentHandlers,
                webhooks: (@Sendable (_ root: Root, _ logger: Logger) -> any WebhookSender)? = nil,
                reports: (any ReportEncryption)? = nil) {
        self.storage = storage
        self.handlers = handlers
        self.webhooks = webhooks
        self.reports = reports
    }

    /// The sealer of `workspace`'s outbox files: nil when they stay plain
    /// (no `encrypt_reports_to`, or `_unrouted`).
    /// - Throws: when the workspace asks for encrypted reports and these drivers cannot encrypt.
    package func reportSealer(
        workspace: String?, configuration: Configuration, root: Root
    ) throws(SystemError) -> (any FileSealer)? {
        guard let workspace, let recipient = configuration.workspaces[workspace]?.openPGP.encryptReportsTo else { return nil }
        guard let reports else {
            throw SystemError.sealFailed(
                "encrypting the reports of \(workspace) (this process has no OpenPGP; run the intake binary)", path: root.outbox(workspace))
        }
        return reports.sealer(recipient: recipient, keysFolder: root.keys)
    }

    /// What keeps `configuration`'s encrypted reports from being written: for
    /// each workspace with `encrypt_reports_to`, a key the root's keys folder
    /// cannot encrypt to (or no OpenPGP in this process). Empty when none.
    public func reportKeyProblems(configuration: Configuration, root: Root) -> [String] {
        configuration.workspaces.keys.sorted().compactMap { id in
            guard let recipient = configuration.workspaces[id]?.openPGP.encryptReportsTo else { return nil }
            guard let reports else { return "workspaces.\(id).openpgp.encrypt_reports_to: this process cannot encrypt (no OpenPGP)" }
            return reports.problem(recipient: recipient, keysFolder: root.keys).map { "workspaces.\(id).openpgp.encrypt_reports_to: " + $0 }
        }
    }
}
