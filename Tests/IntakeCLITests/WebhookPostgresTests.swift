import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// Webhooks in PostgreSQL mode on the real cluster of the tests: deliveries
/// owed in the database and sent by the daemons that share it; two daemons
/// send each delivery once between them, and a daemon SIGKILLed mid-send
/// leaves its delivery to the next, with the same id.
@Suite struct WebhookPostgresTests {
    static let workspaces = ["w0", "w1", "w2", "w3", "w4"]
    static let secret = "pg-s3cret"

    /// A root in PostgreSQL mode whose webhook posts to `receiver`, and a folder for daemon logs.
    static func root(_ receiver: WebhookReceiver, timeout: Double = 5,
                     configure: (inout Configuration) -> Void = { _ in }) throws -> (TemporaryRoot, String) {
        let secretFile = receiver.folder + "/secret"
        try (secret + "\n").write(toFile: secretFile, atomically: true, encoding: .utf8)
        let permissions = Set(ImportType.allPermissions)
        return try TemporaryRoot.postgres(workspaces: Dictionary(uniqueKeysWithValues: workspaces.map { ($0, permissions) })) {
            var webhook = Configuration.Webhook(url: receiver.url, secretFile: secretFile, secret: Array(secret.utf8))
            webhook.caFile = receiver.caFile
            webhook.timeoutSeconds = timeout
            $0.webhooks = [webhook]
            $0.rescanSeconds = 1
            configure(&$0)
        }
    }

    static func deliveries(_ url: String) throws -> [WebhookDelivery] {
        try PostgresCatalogue(connection: PostgresConnection(url: url)).deliveries(state: nil, limit: 1000)
    }

    /// Starts `intake watch` on `root`, logging beside `receiver`'s files (outside the root).
    static func start(_ root: TemporaryRoot, _ name: String, logs receiver: WebhookReceiver) throws -> LoggedIntake {
        try LoggedIntake.start(["watch", root.path], log: receiver.folder + "/watch-" + name + ".log")
    }

    @Test func runOwesAndSendsDeliveriesInTheDatabase() throws {
        let receiver = try WebhookReceiver()
        try receiver.plan(["503"])
        let (root, url) = try Self.root(receiver)
        try root.upload("w0__payments__june.csv", PaymentsCSV.mixed)
        try root.upload("nope__payments__x.csv", PaymentsCSV.mixed)
        let run = try IntakeBinary.run(["run", root.path])
        #expect(run.status == 0, "\(run.stderr)")
        let requests = receiver.requests()
        #expect(requests.map(\.answered).sorted() == [200, 200, 503])
        #expect(requests.allSatisfy { (try? receiver.signatureIsValid($0, secret: Self.secret)) == true })
        let rows = try Self.deliveries(url)
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.state == .delivered && $0.lastStatus == 200 })
        #expect(rows.map(\.attempts).sorted() == [1, 2])
        #expect(Set(requests.compactMap { $0.header("Intake-Delivery") }) == Set(rows.map(\.id)))
        // No SQLite file in PostgreSQL mode; `intake webhooks` reads the database.
        #expect(!FileManager.default.fileExists(atPath: root.root.catalogue))
        let listed = try IntakeBinary.run(["webhooks", root.path, "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.split(separator: "\n").count == 2)

        // Redelivered from the database: sent again by the next run, with its id.
        let again = try #require(rows.first)
        let redeliver = try IntakeBinary.run(["webhooks", root.path, "--redeliver", again.id])
        #expect(redeliver.status == 0, "\(redeliver.stderr)")
        #expect(try IntakeBinary.run(["run", root.path]).status == 0)
        #expect(receiver.arrivals().last == again.id)
        #expect(receiver.arrivals().count == 4)
        let redelivered = try #require(try Self.deliveries(url).first { $0.id == again.id })
        #expect(redelivered.state == .delivered)
        #expect(redelivered.attempts == again.attempts + 1)
    }

    @Test func twoDaemonsSendEveryDeliveryExactlyOnce() throws {
        let receiver = try WebhookReceiver()
        let (root, url) = try Self.root(receiver) { $0.webhookConcurrency = 2 }
        // Some drops wait before the daemons start (both race for them), the rest arrive while they run.
        for workspace in Self.workspaces {
            try root.upload("\(workspace)__payments__a.csv", PaymentsCSV.mixed)
        }
        let daemons = [try Self.start(root, "a", logs: receiver), try Self.start(root, "b", logs: receiver)]
        defer { for daemon in daemons { daemon.stop(SIGKILL) } }
        for round in ["b", "c"] {
            for (index, workspace) in Self.workspaces.enumerated() {
                let rows = PaymentsCSV.valid.prefix(1 + index).map { round.uppercased() + $0 }
                try root.upload("\(workspace)__payments__\(round).csv", PaymentsCSV.header + rows.joined())
            }
        }
        let expected = Self.workspaces.count * 3
        #expect(eventually(within: 90) {
            ((try? Self.deliveries(url)) ?? []).filter { $0.state == .delivered }.count == expected
        }, "\(daemons.map { $0.logText() })")
        let rows = try Self.deliveries(url)
        #expect(rows.count == expected)
        #expect(rows.allSatisfy { $0.state == .delivered && $0.attempts == 1 })
        // Each delivery arrived once, whichever daemon sent it.
        let ids = receiver.arrivals()
        #expect(ids.count == expected)
        #expect(Set(ids) == Set(rows.map(\.id)))
        #expect(Set(receiver.requests().compactMap { ($0.json["data"] as? [String: Any])?["job_id"] as? String }).count == expected)
        let sent = daemons.map { $0.logText().components(separatedBy: "event=webhook_delivered").count - 1 }
        #expect(sent.reduce(0, +) == expected, "each delivery is logged delivered by the one daemon that sent it: \(sent)")
    }

    @Test func aDaemonKilledMidSendLeavesTheDeliveryToTheNextWithTheSameID() throws {
        let receiver = try WebhookReceiver()
        // The first attempt is answered after 4 s: the daemon is killed while it waits.
        try receiver.plan(["slow 4"])
        let (root, url) = try Self.root(receiver, timeout: 2)
        try root.upload("w1__payments__june.csv", PaymentsCSV.mixed)
        let first = try Self.start(root, "first", logs: receiver)
        #expect(eventually(within: 30) { receiver.arrivals().count == 1 }, "\(first.logText())")
        first.stop(SIGKILL)
        let owed = try #require(try Self.deliveries(url).first)
        #expect(owed.state == .pending)
        #expect(owed.attempts == 1)

        // The killed daemon's lease (its timeout plus 30 s) runs out, then the next daemon sends it.
        let second = try Self.start(root, "second", logs: receiver)
        defer { second.stop(SIGKILL) }
        #expect(eventually(within: 60) { (try? Self.deliveries(url).first?.state) == .delivered }, "\(second.logText())")
        #expect(receiver.arrivals() == [owed.id, owed.id])
        let delivered = try #require(try Self.deliveries(url).first)
        #expect(delivered.id == owed.id)
        #expect(delivered.attempts == 2)
        #expect(second.logText().contains("event=webhook_delivered"))
    }
}
