import Foundation
import IntakeCore
import IntakeEngine

extension WebhookDispatcher {
    /// One attempt of `delivery` (already taken until `lease`, `attempts`
    /// counted): the body, its signature, the POST, and the outcome logged
    /// (`webhook_delivered`, `webhook_failed` with the next attempt,
    /// `webhook_dead`) and recorded while the lease holds.
    func attempt(_ delivery: WebhookDelivery, lease: Timestamp, configuration: Configuration) {
        var result = delivery
        let catalogue: any JobCatalogue
        do {
            catalogue = try storage(configuration, root).openCatalogue()
        } catch {
            logger.log(.error, "webhook_dispatch_failed", ["delivery": delivery.id, "message": String(describing: error),
                                                          "then": "the delivery stays owed and is sent after its lease"])
            return
        }
        let outcome: AttemptOutcome
        if let webhook = configuration.webhook(for: delivery.workspace, url: delivery.url) {
            do {
                if let job = try catalogue.job(delivery.jobID) {
                    outcome = post(delivery, job: job, webhook: webhook)
                } else {
                    outcome = .dead(status: 0, error: "job \(delivery.jobID) is no longer in the catalogue (purged or erased)")
                }
            } catch {
                outcome = .retry(status: nil, retryAfterSeconds: nil, error: "the catalogue could not be read: \(error)")
            }
        } else {
            outcome = .dead(status: 0, error: "no webhook of workspace \(delivery.workspace) posts to \(delivery.url) any more; configure it again and run intake webhooks --redeliver")
        }
        let now = Timestamp.now()
        var fields: KeyValuePairs<String, String?> = [:]
        switch outcome {
        case .delivered(let status):
            result.state = .delivered
            result.lastStatus = status
            result.lastError = nil
            result.finishedAt = now
            result.nextAttemptAt = now
            fields = ["delivery": delivery.id, "job": delivery.jobID, "url": delivery.url, "status": String(status),
                      "attempt": String(delivery.attempts)]
            logger.log(.info, "webhook_delivered", fields)
        case .retry(let status, let retryAfter, let error):
            let wait = schedule.randomWait(after: delivery.attempts, retryAfter: retryAfter)
            let next = Timestamp(milliseconds: now.milliseconds + Int64(wait * 1000))
            result.lastStatus = status
            result.lastError = error
            if next.seconds(since: delivery.pendingSince) > configuration.webhookMaxAgeSeconds {
                result.state = .dead
                result.finishedAt = now
                result.nextAttemptAt = now
                logger.log(.error, "webhook_dead", [
                    "delivery": delivery.id, "job": delivery.jobID, "url": delivery.url, "status": status.map(String.init),
                    "message": error, "attempt": String(delivery.attempts),
                    "why": "webhook_max_age_seconds passed; fix the receiver and run intake webhooks --redeliver \(delivery.id)",
                ])
            } else {
                result.nextAttemptAt = next
                logger.log(.warning, "webhook_failed", [
                    "delivery": delivery.id, "job": delivery.jobID, "url": delivery.url, "status": status.map(String.init),
                    "message": error, "attempt": String(delivery.attempts), "next_attempt": next.rfc3339,
                ])
            }
        case .dead(let status, let error):
            result.state = .dead
            result.lastStatus = status == 0 ? nil : status
            result.lastError = error
            result.finishedAt = now
            result.nextAttemptAt = now
            logger.log(.error, "webhook_dead", [
                "delivery": delivery.id, "job": delivery.jobID, "url": delivery.url, "status": status == 0 ? nil : String(status),
                "message": error, "attempt": String(delivery.attempts),
            ])
        }
        do {
            if try !catalogue.recordDelivery(result, lease: lease) {
                logger.log(.warning, "webhook_lease_lost", [
                    "delivery": delivery.id, "attempt": String(delivery.attempts),
                    "then": "this attempt's outcome is not recorded: its lease ran out and another process took the delivery, or intake webhooks --redeliver owed it again",
                ])
            }
        } catch {
            logger.log(.error, "webhook_state_failed", [
                "delivery": delivery.id, "message": String(describing: error),
                "then": "the delivery may be sent again after its lease, with the same id",
            ])
        }
    }

    /// The POST: `{"created_at", "data", "event", "id"}` (keys sorted; `data` is
    /// the job's result without `progress`), signed; its answer as an outcome.
    private func post(_ delivery: WebhookDelivery, job: JobRecord, webhook: Configuration.Webhook) -> AttemptOutcome {
        let body = Array(WebhookDispatcher.body(delivery, job: job).utf8)
        let seconds = Timestamp.now().milliseconds / 1000
        let request = CurlPost(
            url: delivery.url, body: body,
            headers: [
                "Content-Type: application/json", "Intake-Delivery: \(delivery.id)", "Intake-Event: \(delivery.event)",
                "Intake-Signature: " + WebhookSignature.header(secret: webhook.secret, unixSeconds: seconds, body: body),
            ],
            timeoutSeconds: webhook.timeoutSeconds, caFile: webhook.caFile)
        let answer = request.send()
        guard let status = answer.status else {
            return .retry(status: nil, retryAfterSeconds: nil, error: answer.error ?? "no answer")
        }
        let retryAfter = answer.retryAfter.flatMap { RetryAfter.seconds($0, now: Date().timeIntervalSince1970) }
        return AttemptOutcome.answer(status: status, retryAfterSeconds: retryAfter)
    }

    /// The delivery's JSON body, the same on every attempt.
    package static func body(_ delivery: WebhookDelivery, job: JobRecord) -> String {
        JSONWriter.text(.object([
            ("created_at", .string(delivery.createdAt.rfc3339)),
            ("data", JobResult(job: job, includeProgress: false).json),
            ("event", .string(delivery.event)),
            ("id", .string(delivery.id)),
        ]))
    }
}
