import IntakeCore
import IntakeSystem

/// Sends the webhook deliveries the catalogue owes (spec section 3,
/// "Webhooks"). The engine links no HTTP: IntakeHTTP's `WebhookDispatcher`
/// implements it and the commands hand it over in ``Drivers/webhooks``.
/// Deliveries go out on threads of their own, at most `webhook_concurrency`
/// at once, so a slow or dead endpoint never delays an import.
public protocol WebhookSender: Sendable {
    /// Sends what is due now and keeps sending in the background (a thread of
    /// its own, started on the first call) as deliveries fall due, with
    /// `configuration` (the latest after a reload). Returns at once.
    func poke(configuration: Configuration)
    /// Sends what is owed, waiting for the retries that fall due within
    /// `seconds` (`run` and `import` before they exit); what is left stays owed.
    func drain(configuration: Configuration, seconds: Double)
    /// Stops sending and waits up to `seconds` for the attempts in flight
    /// (one cut short is sent again by the next process, with the same id).
    func stop(seconds: Double)
}
