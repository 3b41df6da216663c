import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// Endpoints that misbehave for a while, against `intake watch`: one that takes
/// 28 s to answer never delays another workspace's imports or webhooks, and a
/// receiver that is down for a few seconds gets each delivery once when it is
/// back, with the same id and every attempt counted. (The minutes-long outage
/// is `tests/reliability/webhook-outage.sh`.)
@Suite struct WebhookEndpointTests {
    private static let secret = "endpoint-s3cret"

    private static func webhook(_ receiver: WebhookReceiver, timeout: Double) throws -> Configuration.Webhook {
        let secretFile = receiver.folder + "/secret"
        try (secret + "\n").write(toFile: secretFile, atomically: true, encoding: .utf8)
        var webhook = Configuration.Webhook(url: receiver.url, secretFile: secretFile, secret: Array(secret.utf8))
        webhook.caFile = receiver.caFile
        webhook.timeoutSeconds = timeout
        return webhook
    }

    private static func deliveries(_ root: TemporaryRoot) throws -> [WebhookDelivery] {
        try SQLiteCatalogue(root: root.root).deliveries(state: nil, limit: 100)
    }

    @Test func aSlowEndpointNeverDelaysAnotherWorkspacesImportsOrWebhooks() throws {
        let slow = try WebhookReceiver()
        let fast = try WebhookReceiver()
        // Answered after 28 s, within its webhook's 30 s timeout: one attempt, delivered.
        try slow.plan(["slow 28"])
        let slowHook = try Self.webhook(slow, timeout: 30)
        let fastHook = try Self.webhook(fast, timeout: 5)
        let permissions = Set(ImportType.allPermissions)
        let root = try TemporaryRoot(workspaces: ["lazy": permissions, "acme": permissions, "bravo": permissions]) {
            $0.webhooks = [fastHook]
            $0.workspaces["lazy"]?.webhooks = [slowHook]
            $0.webhookConcurrency = 2
        }
        let daemon = try LoggedIntake.start(["watch", root.path], log: slow.folder + "/watch.log")
        defer { daemon.stop(SIGKILL) }
        try root.upload("lazy__payments__june.csv", PaymentsCSV.mixed)
        #expect(eventually(within: 30) { slow.arrivals().count == 1 }, "\(daemon.logText())")

        // While the slow delivery holds a slot, the other workspaces import and are notified.
        for (index, workspace) in ["acme", "bravo", "acme", "bravo"].enumerated() {
            let rows = PaymentsCSV.valid.prefix(1 + index).map { "N\(index)" + $0 }
            try root.upload("\(workspace)__payments__n\(index).csv", PaymentsCSV.header + rows.joined())
        }
        #expect(eventually(within: 20) {
            let others = ((try? Self.deliveries(root)) ?? []).filter { $0.workspace != "lazy" }
            return others.count == 4 && others.allSatisfy { $0.state == .delivered }
        }, "\(daemon.logText())")
        #expect(slow.requests().isEmpty, "the slow endpoint has not answered yet")
        #expect(fast.requests().count == 4)
        let jobs = try root.jobs()
        #expect(jobs.filter { $0.workspace != "lazy" }.count == 4)
        #expect(jobs.filter { $0.workspace != "lazy" }.allSatisfy { $0.status == .done })
        #expect(Set(fast.requests().compactMap { ($0.json["data"] as? [String: Any])?["workspace"] as? String }) == ["acme", "bravo"])

        // Then the slow one is delivered, once.
        #expect(eventually(within: 40) { slow.requests().count == 1 })
        #expect(eventually { (try? Self.deliveries(root).first { $0.workspace == "lazy" }?.state) == .delivered })
        let lazy = try #require(try Self.deliveries(root).first { $0.workspace == "lazy" })
        #expect(lazy.attempts == 1)
        #expect(slow.arrivals() == [lazy.id])
    }

    @Test func aReceiverDownForAWhileGetsEachDeliveryOnceWhenItIsBack() throws {
        let receiver = try WebhookReceiver()
        let hook = try Self.webhook(receiver, timeout: 5)
        let root = try TemporaryRoot { $0.webhooks = [hook] }
        receiver.stop()
        let daemon = try LoggedIntake.start(["watch", root.path], log: receiver.folder + "/watch.log")
        defer { daemon.stop(SIGKILL) }
        try root.upload("acme__payments__june.csv", PaymentsCSV.mixed)
        // Down for three attempts (backoff 1 s, 2 s, … ±50 %), then up again on the same port.
        #expect(eventually(within: 30) { ((try? Self.deliveries(root)) ?? []).first.map { $0.attempts >= 3 } ?? false },
                "\(daemon.logText())")
        let owed = try #require(try Self.deliveries(root).first)
        #expect(owed.state == .pending)
        #expect((owed.lastError ?? "").lowercased().contains("connect"), "\(owed.lastError ?? "")")
        try receiver.restart()
        #expect(eventually(within: 30) { (try? Self.deliveries(root).first?.state) == .delivered }, "\(daemon.logText())")
        let delivered = try #require(try Self.deliveries(root).first)
        #expect(delivered.id == owed.id)
        #expect(receiver.arrivals() == [owed.id])
        #expect(delivered.lastStatus == 200)
        // Every attempt counted: the failed ones logged, then the one delivered.
        let failed = daemon.logText().components(separatedBy: "event=webhook_failed").count - 1
        #expect(delivered.attempts == failed + 1)
        #expect(delivered.attempts >= 4)
    }
}
