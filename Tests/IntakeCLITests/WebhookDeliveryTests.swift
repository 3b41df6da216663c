import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// Webhooks on the built binary against a real HTTPS receiver on loopback
/// (a throwaway CA): signed notices of ended jobs, retries with `Retry-After`,
/// final answers, TLS failures, and deliveries owed across processes.
@Suite struct WebhookDeliveryTests {
    private static let secret = "s3cret-for-tests"

    /// A root whose top-level webhook posts to `receiver` (its CA unless `trustCA` is false).
    private func root(_ receiver: WebhookReceiver, trustCA: Bool = true, events: Set<WebhookEvent>? = nil,
                      hookTimeout: Double = 30, maxAge: Double? = nil, rescan: Double = 30) throws -> TemporaryRoot {
        let secretFile = receiver.folder + "/secret"
        try (Self.secret + "\n").write(toFile: secretFile, atomically: true, encoding: .utf8)
        return try TemporaryRoot { configuration in
            var webhook = Configuration.Webhook(url: receiver.url, secretFile: secretFile, secret: Array(Self.secret.utf8))
            if trustCA { webhook.caFile = receiver.caFile }
            if let events { webhook.events = events }
            webhook.timeoutSeconds = 5
            configuration.webhooks = [webhook]
            configuration.hookTimeoutSeconds = hookTimeout
            configuration.rescanSeconds = rescan
            if let maxAge { configuration.webhookMaxAgeSeconds = maxAge }
        }
    }

    private func deliveries(_ root: TemporaryRoot) throws -> [WebhookDelivery] {
        try SQLiteCatalogue(root: root.root).deliveries(state: nil, limit: 100)
    }

    @Test func runPostsASignedNoticeOfEveryEndedJob() throws {
        let receiver = try WebhookReceiver()
        let root = try root(receiver)
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        try root.drop("nope__payments__x.csv", PaymentsCSV.mixed)
        let run = try IntakeBinary.run(["run", root.path])
        #expect(run.status == 0, "\(run.stderr)")
        let jobs = try root.jobs()
        let requests = receiver.requests()
        #expect(requests.count == 2)
        #expect(Set(requests.compactMap { ($0.json["data"] as? [String: Any])?["job_id"] as? String }) == Set(jobs.map(\.jobID)))
        for request in requests {
            #expect(try receiver.signatureIsValid(request, secret: Self.secret))
            #expect(!(try receiver.signatureIsValid(request, secret: "another secret")))
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("Intake-Delivery") == request.json["id"] as? String)
            #expect(request.path == "/hook")
            let data = try #require(request.json["data"] as? [String: Any])
            #expect(data["progress"] == nil)
            #expect(request.json["created_at"] is String)
        }
        let done = try #require(requests.first { $0.json["event"] as? String == "job.done" })
        let data = try #require(done.json["data"] as? [String: Any])
        #expect(data["workspace"] as? String == "acme")
        #expect(data["failed"] as? Int == 9)
        #expect(requests.contains { $0.json["event"] as? String == "job.rejected" })
        #expect(try deliveries(root).allSatisfy { $0.state == .delivered && $0.attempts == 1 && $0.lastStatus == 200 })
        #expect(run.stderr.contains("event=webhook_delivered"))

        // Listed newest first, as JSON lines; nothing sent twice by a later run.
        let listed = try IntakeBinary.run(["webhooks", root.path, "--state", "delivered", "--json"])
        #expect(listed.status == 0)
        #expect(listed.stdout.split(separator: "\n").count == 2)
        _ = try IntakeBinary.run(["run", root.path])
        #expect(receiver.requests().count == 2)
    }

    @Test func onlyTheEventsAskedForAreOwed() throws {
        let receiver = try WebhookReceiver()
        let root = try root(receiver, events: [.failed])
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        _ = try IntakeBinary.run(["run", root.path])
        #expect(receiver.requests().isEmpty)
        #expect(try deliveries(root).isEmpty)
    }

    @Test func a500AndA429AreRetriedWithTheSameIdNeverBeforeRetryAfter() throws {
        let receiver = try WebhookReceiver()
        try receiver.plan(["500", "429 2"])
        let root = try root(receiver)
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        let run = try IntakeBinary.run(["run", root.path])
        #expect(run.status == 0, "\(run.stderr)")
        let requests = receiver.requests()
        #expect(requests.map(\.answered) == [500, 429, 200])
        #expect(Set(requests.compactMap { $0.header("Intake-Delivery") }).count == 1)
        #expect(requests[2].receivedAt - requests[1].receivedAt >= 2)
        let delivery = try #require(try deliveries(root).first)
        #expect(delivery.state == .delivered)
        #expect(delivery.attempts == 3)
        #expect(run.stderr.contains("event=webhook_failed"))
    }

    @Test func a400OrARedirectIsDeadAtOnceAndRedeliverSendsItAgain() throws {
        let receiver = try WebhookReceiver()
        try receiver.plan(["400", "302"])
        let root = try root(receiver)
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        let first = try IntakeBinary.run(["run", root.path])
        #expect(first.stderr.contains("event=webhook_dead"))
        try root.drop("acme/payments/july.csv", PaymentsCSV.header + PaymentsCSV.valid.joined())
        _ = try IntakeBinary.run(["run", root.path])
        #expect(receiver.requests().map(\.answered) == [400, 302])
        #expect(receiver.requests().allSatisfy { $0.path == "/hook" })
        let dead = try deliveries(root)
        #expect(dead.count == 2)
        #expect(dead.allSatisfy { $0.state == .dead && $0.attempts == 1 })
        #expect(Set(dead.compactMap(\.lastStatus)) == [400, 302])
        let listed = try IntakeBinary.run(["webhooks", root.path, "--state", "dead"])
        #expect(listed.stdout.contains(dead[0].id))

        let redeliver = try IntakeBinary.run(["webhooks", root.path, "--redeliver", dead[0].id])
        #expect(redeliver.status == 0, "\(redeliver.stderr)")
        _ = try IntakeBinary.run(["run", root.path])
        #expect(receiver.requests().last?.header("Intake-Delivery") == dead[0].id)
        #expect(try SQLiteCatalogue(root: root.root).delivery(dead[0].id)?.state == .delivered)
        #expect(try IntakeBinary.run(["webhooks", root.path, "--redeliver", "whd_nope"]).status == 66)
    }

    @Test func anUntrustedCertificateIsRetriedAndNeverDelivered() throws {
        let receiver = try WebhookReceiver()
        let root = try root(receiver, trustCA: false, hookTimeout: 1)
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        let run = try IntakeBinary.run(["run", root.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(receiver.requests().isEmpty)
        let delivery = try #require(try deliveries(root).first)
        #expect(delivery.state == .pending)
        #expect(delivery.attempts >= 1)
        #expect(delivery.lastStatus == nil)
        #expect((delivery.lastError ?? "").lowercased().contains("certificate"))
    }

    @Test func aDeliveryPastTheMaxAgeIsDead() throws {
        let receiver = try WebhookReceiver()
        try receiver.plan(Array(repeating: "503", count: 20))
        let root = try root(receiver, maxAge: 1)
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        let run = try IntakeBinary.run(["run", root.path])
        let delivery = try #require(try deliveries(root).first)
        #expect(delivery.state == .dead, "\(run.stderr)")
        #expect(delivery.lastStatus == 503)
        #expect(run.stderr.contains("webhook_max_age_seconds passed"))
    }

    @Test func aDaemonKilledWithADeliveryOwedLeavesItToTheNextDaemon() throws {
        let receiver = try WebhookReceiver()
        // A rescan every second, so the daemon wakes and writes metrics.prom after the delivery.
        let root = try root(receiver, rescan: 1)
        receiver.stop()
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        let first = try IntakeBinary.start(["watch", root.path])
        #expect(eventually { ((try? deliveries(root)) ?? []).first.map { $0.attempts >= 1 && $0.lastError != nil } ?? false })
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        let owed = try #require(try deliveries(root).first)
        #expect(owed.state == .pending)

        try receiver.restart()
        let second = try IntakeBinary.start(["watch", root.path])
        defer {
            second.process.terminate()
            second.process.waitUntilExit()
        }
        #expect(eventually(within: 30) { !receiver.requests().isEmpty })
        #expect(receiver.requests().map { $0.header("Intake-Delivery") } == [owed.id])
        #expect(eventually { (try? deliveries(root).first?.state) == .delivered })
        #expect(eventually {
            ((try? root.read("metrics.prom")) ?? "").contains("intake_webhook_deliveries{state=\"delivered\"} 1")
        })
        let metrics = try root.read("metrics.prom")
        #expect(metrics.contains("intake_webhook_oldest_pending_seconds 0.000"))
    }

    @Test func theConfigurationRefusesBadWebhooks() throws {
        let receiver = try WebhookReceiver()
        let root = try root(receiver)
        let empty = root.path + "/empty.secret"
        try "\n".write(toFile: empty, atomically: true, encoding: .utf8)
        let text = try root.read("intake.json")
        let bad = """
            "webhooks": [{"url": "http://example.com/hook", "secret_file": "\(empty)", "events": ["job.dnoe"], "timeout_seconds": 0},
                         {"url": "http://127.0.0.1:9/hook", "secret_file": "\(root.path)/missing.secret"}],
            """
        let replaced = text.replacingOccurrences(of: #""webhooks": [^\n]*\n"#, with: bad + "\n", options: .regularExpression)
        try replaced.write(toFile: root.root.configuration, atomically: true, encoding: .utf8)
        let check = try IntakeBinary.run(["check", root.path])
        #expect(check.status == 64)
        let out = check.stdout + check.stderr
        #expect(out.contains("`webhooks[0].url`"))
        #expect(out.contains("`webhooks[0].secret_file`") && out.contains("is empty"))
        #expect(out.contains("`webhooks[0].events[0]`") && out.contains("did you mean \"job.done\""))
        #expect(out.contains("`webhooks[0].timeout_seconds`") && out.contains("from 1 to 300"))
        #expect(out.contains("`webhooks[1].secret_file`") && out.contains("cannot read"))
        #expect(!out.contains("`webhooks[1].url`"))
        #expect(try IntakeBinary.run(["run", root.path]).status == 64)
    }
}
