import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// The webhook ledger's rules, the same in PostgreSQL, SQLite and memory: a
/// job that ends owes one delivery per webhook, a due delivery is taken by one
/// claimer at a time, and an attempt's outcome is recorded only while its
/// lease holds (a process paused past its lease never overwrites the outcome
/// of the process that took the delivery after it).
@Suite struct WebhookLedgerTests {
    static let plan = WebhookPlan(fallback: [WebhookTarget(url: "https://hooks.example/a", events: Set(WebhookEvent.allCases))])

    /// The three catalogues, each opened with ``plan`` (the roots and databases kept alive with them).
    static func catalogues(_ plan: WebhookPlan = plan) throws -> [(name: String, catalogue: any JobCatalogue, keep: [AnyObject])] {
        let sqlite = try TemporaryRoot()
        let url = try PostgresServer.running().makeDatabase()
        return [
            ("postgresql", try PostgresCatalogue(connection: PostgresConnection(url: url), webhooks: plan), []),
            ("sqlite", try SQLiteCatalogue(root: sqlite.root, webhooks: plan), [sqlite]),
            ("memory", InMemoryCatalogue(plan: plan), []),
        ]
    }

    static func endedJob(_ id: String = "20261208T101010101-0000abcd", workspace: String = "acme") -> JobRecord {
        JobRecord(jobID: id, workspace: workspace, apiType: "trustpair/payments_import",
                  status: .done, sourceName: "june.csv", queuedAt: Timestamp(milliseconds: 1_796_000_000_000))
    }

    @Test func dueDeliveriesComeInTurnsAcrossURLs() throws {
        let other = WebhookTarget(url: "https://hooks.example/b", events: Set(WebhookEvent.allCases))
        let plan = WebhookPlan(fallback: Self.plan.fallback, workspaces: ["other": [other]])
        for (name, catalogue, _) in try Self.catalogues(plan) {
            // Three owed to /a, then one to /b: /b's is second, not last.
            for index in 1...3 {
                try catalogue.save(Self.endedJob("20261208T10101010\(index)-0000abcd"))
                Thread.sleep(forTimeInterval: 0.002)
            }
            try catalogue.save(Self.endedJob("20261208T101010109-0000abcd", workspace: "other"))
            let now = Timestamp(milliseconds: Timestamp.now().milliseconds + 1_000)
            let due = try catalogue.dueDeliveries(now: now, limit: 10)
            #expect(due.map(\.url) == ["https://hooks.example/a", "https://hooks.example/b", "https://hooks.example/a",
                                       "https://hooks.example/a"], "\(name)")
            #expect(due.filter { $0.url.hasSuffix("/a") }.map(\.jobID) == (1...3).map { "20261208T10101010\($0)-0000abcd" },
                    "\(name): soonest first within a URL")
            #expect(try catalogue.dueDeliveries(now: now, limit: 2).map(\.url) == ["https://hooks.example/a", "https://hooks.example/b"],
                    "\(name)")
        }
    }

    @Test func anOutcomeIsRecordedOnlyWhileItsLeaseHolds() throws {
        for (name, catalogue, _) in try Self.catalogues() {
            try catalogue.save(Self.endedJob())
            try catalogue.save(Self.endedJob())
            let owed = try catalogue.deliveries(state: nil, limit: 10)
            #expect(owed.count == 1, "\(name): one delivery per job and webhook, however often the end is saved")
            let delivery = try #require(owed.first)
            let now = Timestamp(milliseconds: delivery.nextAttemptAt.milliseconds + 1_000)
            let first = Timestamp(milliseconds: now.milliseconds + 35_000)
            #expect(try catalogue.claimDelivery(delivery.id, now: now, leaseUntil: first), "\(name)")
            #expect(try !catalogue.claimDelivery(delivery.id, now: now, leaseUntil: first), "\(name): taken while leased")
            #expect(try catalogue.dueDeliveries(now: now, limit: 10).isEmpty, "\(name)")

            // The first claimer pauses past its lease; a second takes the delivery and delivers it.
            let later = Timestamp(milliseconds: first.milliseconds + 1)
            let second = Timestamp(milliseconds: later.milliseconds + 35_000)
            #expect(try catalogue.claimDelivery(delivery.id, now: later, leaseUntil: second), "\(name)")
            var delivered = delivery
            delivered.state = .delivered
            delivered.lastStatus = 200
            delivered.finishedAt = later
            delivered.nextAttemptAt = later
            #expect(try catalogue.recordDelivery(delivered, lease: second), "\(name)")

            // The first one's late outcome changes nothing.
            var stale = delivery
            stale.lastStatus = 500
            stale.lastError = "the receiver answered 500"
            stale.nextAttemptAt = Timestamp(milliseconds: later.milliseconds + 2_000)
            #expect(try !catalogue.recordDelivery(stale, lease: first), "\(name)")
            let row = try #require(try catalogue.delivery(delivery.id))
            #expect(row.state == .delivered && row.lastStatus == 200 && row.attempts == 2, "\(name): \(row)")

            // Redelivered, it is due again and the old lease is void.
            #expect(try catalogue.redeliver(delivery.id, now: later), "\(name)")
            #expect(try !catalogue.recordDelivery(stale, lease: second), "\(name)")
            #expect(try catalogue.dueDeliveries(now: later, limit: 10).map(\.id) == [delivery.id], "\(name)")
        }
    }
}
