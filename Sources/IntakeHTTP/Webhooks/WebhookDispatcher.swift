import Dispatch
import Foundation
import IntakeCore
import IntakeEngine
import Synchronization

/// Sends the webhook deliveries a catalogue owes (``WebhookSender``): at most
/// `webhook_concurrency` attempts at once, each on a thread of its own and
/// bounded by its webhook's `timeout_seconds`. A delivery is taken with a
/// lease in the catalogue (its timeout plus a margin), so two processes never
/// try it at once and one that dies mid-attempt leaves it to the next, same id.
/// One attempt (`WebhookDispatcher+Attempt.swift`) signs, posts and records
/// the outcome: delivered, retried with backoff, or dead.
package final class WebhookDispatcher: WebhookSender {
    package let root: Root
    package let logger: Logger
    package let storage: @Sendable (Configuration, Root) -> any Storage
    package let schedule: RetrySchedule
    private let state = Mutex(Pool())
    private let group = DispatchGroup()
    /// Wakes the background loop (a poke, an attempt that ended).
    private let wakeUp = DispatchSemaphore(value: 0)

    private struct Pool {
        /// The URL of each delivery in flight, by id.
        var inFlight: [String: String] = [:]
        var configuration: Configuration?
        var pumping = false
        var stopped = false
    }

    /// A sender for `root`'s deliveries, opening the storage a configuration names with `storage`.
    package init(root: Root, logger: Logger, schedule: RetrySchedule = RetrySchedule(),
                storage: @escaping @Sendable (Configuration, Root) -> any Storage) {
        self.root = root
        self.logger = logger
        self.schedule = schedule
        self.storage = storage
    }

    /// The longest the background loop sleeps: it then looks again for
    /// deliveries owed by other processes or owed again by `--redeliver`.
    private static let idleSeconds = 2.0

    package func poke(configuration: Configuration) {
        let start = state.withLock { pool -> Bool in
            pool.configuration = configuration
            defer { pool.pumping = true }
            return !pool.pumping && !pool.stopped
        }
        if start {
            let thread = Thread { [self] in pump() }
            thread.name = "intake-webhooks"
            thread.start()
        } else {
            wakeUp.signal()
        }
    }

    package func drain(configuration: Configuration, seconds: Double) {
        let deadline = Date().addingTimeInterval(max(0, min(seconds, 86_400)))
        state.withLock { $0.configuration = configuration }
        var catalogue: (any JobCatalogue)?
        while Date() < deadline {
            catalogue = refill(catalogue, configuration: configuration)
            let busy = state.withLock { !$0.inFlight.isEmpty }
            guard let catalogue else { break }
            let next = (try? catalogue.nextDeliveryTime()).flatMap { $0 }
            // Nothing in flight and nothing due before the deadline: done.
            if !busy, next.map({ Self.date($0) >= deadline }) ?? true { break }
            let until = min(deadline, next.map(Self.date) ?? deadline, Date().addingTimeInterval(Self.idleSeconds))
            _ = wakeUp.wait(timeout: .now() + max(0.01, until.timeIntervalSinceNow))
        }
        _ = group.wait(timeout: .now() + max(0, deadline.timeIntervalSinceNow))
    }

    package func stop(seconds: Double) {
        state.withLock { $0.stopped = true }
        wakeUp.signal()
        _ = group.wait(timeout: .now() + max(0, min(seconds, 86_400)))
    }

    /// The background loop of `watch`: refill, then sleep until the next
    /// delivery falls due (or a poke, or ``idleSeconds``).
    private func pump() {
        var catalogue: (any JobCatalogue)?
        while let configuration = state.withLock({ $0.stopped ? nil : $0.configuration }) {
            catalogue = refill(catalogue, configuration: configuration)
            let next = catalogue.flatMap { try? $0.nextDeliveryTime() }
            let wait = min(next.map { Self.date($0).timeIntervalSinceNow } ?? Self.idleSeconds, Self.idleSeconds)
            _ = wakeUp.wait(timeout: .now() + max(0.01, wait))
        }
    }

    /// Starts due deliveries while slots are free; returns the catalogue to
    /// use next time (nil after a fault, which is logged: the deliveries stay owed).
    private func refill(_ open: (any JobCatalogue)?, configuration: Configuration) -> (any JobCatalogue)? {
        do {
            let catalogue = try open.flatMap { $0.isConnected ? $0 : nil } ?? storage(configuration, root).openCatalogue()
            let free = configuration.webhookConcurrency - state.withLock { $0.inFlight.count }
            guard free > 0 else { return catalogue }
            let now = Timestamp.now()
            // In turns across URLs, and enough of them that a URL with nothing in
            // flight is among them: a free slot goes to the endpoint with the fewest
            // attempts in flight, so a slow one never holds every slot for long.
            var due = try catalogue.dueDeliveries(now: now, limit: free + configuration.webhookConcurrency)
            while let delivery = state.withLock({ Self.fairest(due, inFlight: $0.inFlight) }) {
                due.removeAll { $0.id == delivery.id }
                let slot = state.withLock { pool -> Bool in
                    guard !pool.stopped, pool.inFlight.count < configuration.webhookConcurrency,
                          pool.inFlight[delivery.id] == nil else { return false }
                    pool.inFlight[delivery.id] = delivery.url
                    return true
                }
                guard slot else {
                    if state.withLock({ $0.stopped || $0.inFlight.count >= configuration.webhookConcurrency }) { break }
                    continue
                }
                let timeout = configuration.webhook(for: delivery.workspace, url: delivery.url)?.timeoutSeconds ?? 10
                let lease = Timestamp(milliseconds: now.milliseconds + Int64((timeout + 30) * 1000))
                guard try catalogue.claimDelivery(delivery.id, now: now, leaseUntil: lease) else {
                    state.withLock { _ = $0.inFlight.removeValue(forKey: delivery.id) }
                    continue
                }
                var taken = delivery
                taken.attempts += 1
                start(taken, lease: lease, configuration: configuration)
            }
            return catalogue
        } catch {
            logger.log(.error, "webhook_dispatch_failed", [
                "message": String(describing: error), "then": "the deliveries stay owed and are sent later",
            ])
            return nil
        }
    }

    private func start(_ delivery: WebhookDelivery, lease: Timestamp, configuration: Configuration) {
        group.enter()
        let thread = Thread { [self] in
            attempt(delivery, lease: lease, configuration: configuration)
            state.withLock { _ = $0.inFlight.removeValue(forKey: delivery.id) }
            wakeUp.signal()
            group.leave()
        }
        thread.name = "intake-webhook"
        thread.start()
    }

    /// Of `due` (in the ledger's order), the first whose URL has the fewest
    /// deliveries in flight; nil when none is left.
    static func fairest(_ due: [WebhookDelivery], inFlight: [String: String]) -> WebhookDelivery? {
        var counts: [String: Int] = [:]
        for url in inFlight.values { counts[url, default: 0] += 1 }
        return due.enumerated().min { (counts[$0.element.url] ?? 0, $0.offset) < (counts[$1.element.url] ?? 0, $1.offset) }?.element
    }

    package static func date(_ time: Timestamp) -> Date { Date(timeIntervalSince1970: Double(time.milliseconds) / 1000) }
}
