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

    /// Drivers made of `storage`, `handlers` and, when given, a webhook sender.
    public init(storage: @escaping @Sendable (_ configuration: Configuration, _ root: Root) -> any Storage,
                handlers: DocumentHandlers,
                webhooks: (@Sendable (_ root: Root, _ logger: Logger) -> any WebhookSender)? = nil) {
        self.storage = storage
        self.handlers = handlers
        self.webhooks = webhooks
    }
}
