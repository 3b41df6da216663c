import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// `intake migrate` copies `webhook_deliveries` into PostgreSQL as they are:
/// a delivered notice is not sent again, a dead one stays dead, and one still
/// owed keeps its id and attempts and is sent from the database after the switch.
@Suite struct WebhookMigrateTests {
    @Test func migrateCopiesEveryDeliveryWithItsIdStateAndAttempts() throws {
        let receiver = try WebhookReceiver()
        let secretFile = receiver.folder + "/secret"
        try "migrate-secret\n".write(toFile: secretFile, atomically: true, encoding: .utf8)
        let root = try TemporaryRoot {
            var webhook = Configuration.Webhook(url: receiver.url, secretFile: secretFile, secret: Array("migrate-secret".utf8))
            webhook.caFile = receiver.caFile
            webhook.timeoutSeconds = 5
            $0.webhooks = [webhook]
            $0.hookTimeoutSeconds = 1
        }
        // One dead (a 404), one delivered, one still owed (the receiver down).
        try receiver.plan(["404"])
        try root.drop("acme__payments__june.csv", PaymentsCSV.mixed)
        #expect(try IntakeBinary.run(["run", root.path]).status == 0)
        try root.drop("acme__payments__july.csv", PaymentsCSV.header + PaymentsCSV.valid.joined())
        #expect(try IntakeBinary.run(["run", root.path]).status == 0)
        receiver.stop()
        try root.drop("nope__payments__august.csv", PaymentsCSV.mixed)
        #expect(try IntakeBinary.run(["run", root.path]).status == 0)
        let before = try SQLiteCatalogue(root: root.root).deliveries(state: nil, limit: 100).sorted { $0.id < $1.id }
        #expect(before.map(\.state.rawValue).sorted() == ["dead", "delivered", "pending"])
        let owed = try #require(before.first { $0.state == .pending })
        #expect(owed.attempts >= 1 && owed.lastError != nil)

        let url = try PostgresServer.running().makeDatabase()
        let moved = try IntakeBinary.run(["migrate", root.path, "--to", url])
        #expect(moved.status == 0, "\(moved.stderr)")
        let copied = try PostgresCatalogue(connection: PostgresConnection(url: url)).deliveries(state: nil, limit: 100)
        #expect(copied.sorted { $0.id < $1.id } == before, "every column as it was: id, state, attempts, times, last answer")

        // Switched over, with the receiver back: only the owed one is sent, with its id, from the database.
        var configuration = try Configuration.load(path: root.root.configuration)
        configuration.database = url
        // Time for an attempt to end and be recorded before `run` exits: in
        // PostgreSQL mode an attempt connects to the database first, which on a
        // loaded machine takes longer than the 1 s that made the delivery owed.
        configuration.hookTimeoutSeconds = 20
        try configuration.json().write(toFile: root.root.configuration, atomically: true, encoding: .utf8)
        try receiver.restart()
        let requestsBefore = receiver.requests().count
        #expect(eventually(within: 60) {
            _ = try? IntakeBinary.run(["run", root.path])
            return (try? PostgresCatalogue(connection: PostgresConnection(url: url)).delivery(owed.id)?.state) == .delivered
        })
        let sent = receiver.requests().dropFirst(requestsBefore)
        #expect(sent.map { $0.header("Intake-Delivery") } == [owed.id])
        let after = try #require(try PostgresCatalogue(connection: PostgresConnection(url: url)).delivery(owed.id))
        #expect(after.attempts > owed.attempts)
    }
}
