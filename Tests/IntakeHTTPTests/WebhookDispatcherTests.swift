import Foundation
import Synchronization
import Testing
@testable import IntakeHTTP
import IntakeKit
import IntakeTestSupport

/// The dispatcher in process, on a short backoff base, against the HTTPS
/// receiver of the tests: the retry schedule (doubling, capped, ±50 %, never
/// below `Retry-After`), `dead` at the max age, at most `webhook_concurrency`
/// in flight, and receivers that hang, hang up or answer without end each
/// costing one attempt bounded by `timeout_seconds`.
@Suite struct WebhookDispatcherTests {
    /// A root with `jobs` ended jobs (a delivery owed for each) whose webhook posts to `receiver`.
    /// The lines a dispatcher logged.
    final class LogLines: Sendable {
        let all = Mutex<[String]>([])
    }

    final class Scene {
        let receiver: WebhookReceiver
        let root: TemporaryRoot
        let lines = LogLines()
        let configuration: Configuration

        init(jobs: Int, timeout: Double = 5, configure: (inout Configuration) -> Void = { _ in }) throws {
            receiver = try WebhookReceiver()
            let secretFile = receiver.folder + "/secret"
            try "s\n".write(toFile: secretFile, atomically: true, encoding: .utf8)
            var webhook = Configuration.Webhook(url: receiver.url, secretFile: secretFile, secret: Array("s".utf8))
            webhook.caFile = receiver.caFile
            webhook.timeoutSeconds = timeout
            root = try TemporaryRoot {
                $0.webhooks = [webhook]
                configure(&$0)
            }
            for index in 0..<jobs {
                try root.drop("acme__payments__d\(index).csv", PaymentsCSV.header + "J\(index)" + PaymentsCSV.valid[0])
            }
            _ = try root.runPass()
            configuration = try Configuration.load(path: root.root.configuration)
        }

        /// A dispatcher on `schedule`, logging into ``lines``.
        func dispatcher(_ schedule: RetrySchedule) -> WebhookDispatcher {
            let logger = Logger(minimum: .info) { [lines] line in lines.all.withLock { $0.append(line) } }
            return WebhookDispatcher(root: root.root, logger: logger, schedule: schedule) { configuration, root in
                configuration.storage(for: root)
            }
        }

        func deliveries() throws -> [WebhookDelivery] {
            try SQLiteCatalogue(root: root.root).deliveries(state: nil, limit: 100)
        }

        func logged(_ event: String) -> [String] { lines.all.withLock { $0.filter { $0.contains("event=" + event + " ") } } }

        /// `name=VALUE` of a log line.
        static func field(_ name: String, _ line: String) -> String? {
            guard let range = line.range(of: " " + name + "=") else { return nil }
            return String(line[range.upperBound...].prefix { $0 != " " })
        }
    }

    @Test func retriesDoubleFromTheBaseToTheCapWithinHalfAStepNeverBeforeRetryAfter() throws {
        let scene = try Scene(jobs: 1)
        try scene.receiver.plan(["429 2", "500", "503", "500", "408", "200"])
        let schedule = RetrySchedule(baseSeconds: 0.2, capSeconds: 0.5)
        scene.dispatcher(schedule).drain(configuration: scene.configuration, seconds: 30)
        let requests = scene.receiver.requests()
        #expect(requests.map(\.answered) == [429, 500, 503, 500, 408, 200])
        #expect(Set(requests.compactMap { $0.header("Intake-Delivery") }).count == 1)
        let delivery = try #require(try scene.deliveries().first)
        #expect(delivery.state == .delivered)
        #expect(delivery.attempts == 6)
        // Each failed attempt's next attempt, as logged, is its step (0.2, 0.4, 0.5, 0.5, 0.5 s) ±50 % after its
        // answer, and never before the 2 s of Retry-After; the next request never arrives before it.
        let failed = scene.logged("webhook_failed")
        #expect(failed.count == 5)
        for (index, line) in failed.enumerated() {
            let attempt = index + 1
            #expect(Scene.field("attempt", line) == String(attempt))
            let next = try #require(Scene.field("next_attempt", line).flatMap(Timestamp.init(rfc3339:)))
            let wait = Double(next.milliseconds) / 1000 - requests[index].receivedAt
            let step = schedule.step(after: attempt)
            let least = attempt == 1 ? 2 : step * 0.5
            #expect(wait >= least - 0.01 && wait <= max(least, step * 1.5) + 0.5, "attempt \(attempt): waited \(wait)")
            #expect(requests[index + 1].startedAt >= Double(next.milliseconds) / 1000 - 0.01)
        }
        #expect(scene.logged("webhook_delivered").count == 1)
    }

    @Test func aDeliveryIsDeadOnceItsNextAttemptWouldPassTheMaxAge() throws {
        let scene = try Scene(jobs: 1) { $0.webhookMaxAgeSeconds = 1.5 }
        try scene.receiver.plan(Array(repeating: "503", count: 50))
        scene.dispatcher(RetrySchedule(baseSeconds: 0.1)).drain(configuration: scene.configuration, seconds: 30)
        let delivery = try #require(try scene.deliveries().first)
        #expect(delivery.state == .dead)
        #expect(delivery.lastStatus == 503)
        let requests = scene.receiver.requests()
        #expect(requests.count == delivery.attempts)
        #expect(delivery.attempts >= 2)
        // No attempt after the max age: the one that would have come later is not made.
        let limit = Double(delivery.pendingSince.milliseconds) / 1000 + 1.5
        #expect(requests.allSatisfy { $0.startedAt <= limit + 0.05 })
        let dead = try #require(scene.logged("webhook_dead").first)
        #expect(dead.contains("webhook_max_age_seconds passed"))
        #expect(scene.logged("webhook_failed").count == delivery.attempts - 1)
    }

    @Test func neverMoreThanTheConcurrencyInFlight() throws {
        let scene = try Scene(jobs: 6) { $0.webhookConcurrency = 2 }
        try scene.receiver.plan(Array(repeating: "slow 1", count: 6))
        scene.dispatcher(RetrySchedule()).drain(configuration: scene.configuration, seconds: 30)
        let deliveries = try scene.deliveries()
        #expect(deliveries.count == 6)
        #expect(deliveries.allSatisfy { $0.state == .delivered && $0.attempts == 1 })
        #expect(scene.receiver.requests().count == 6)
        #expect(scene.receiver.mostAtOnce() == 2)
    }

    @Test func aFreeSlotGoesToTheEndpointWithTheFewestInFlight() throws {
        // Four slow deliveries owed first, to the workspace `lazy`'s own endpoint, then one to the top-level one.
        let scene = try Scene(jobs: 0) { $0.webhookConcurrency = 2 }
        let slow = try WebhookReceiver()
        try slow.plan(Array(repeating: "slow 2", count: 4))
        var lazyHook = try #require(scene.configuration.webhooks.first)
        lazyHook.url = slow.url
        lazyHook.caFile = slow.caFile
        var configuration = scene.configuration
        configuration.workspaces["lazy"] = .init(permissions: Set(ImportType.allPermissions))
        configuration.workspaces["lazy"]?.webhooks = [lazyHook]
        try configuration.json().write(toFile: scene.root.root.configuration, atomically: true, encoding: .utf8)
        for index in 0..<4 {
            try scene.root.drop("lazy__payments__l\(index).csv", PaymentsCSV.header + "L\(index)" + PaymentsCSV.valid[0])
        }
        _ = try scene.root.runPass()
        try scene.root.drop("acme__payments__late.csv", PaymentsCSV.mixed)
        _ = try scene.root.runPass()
        let loaded = try Configuration.load(path: scene.root.root.configuration)
        scene.dispatcher(RetrySchedule()).drain(configuration: loaded, seconds: 30)
        #expect(try scene.deliveries().allSatisfy { $0.state == .delivered && $0.attempts == 1 })
        let fast = try #require(scene.receiver.requests().first)
        let firstSlowAnswer = try #require(slow.requests().map(\.receivedAt).min())
        // Not behind the older slow ones: it took the second slot at once.
        #expect(fast.startedAt < firstSlowAnswer)
        #expect(slow.requests().count == 4)
    }

    @Test func aHangAHangUpAndAnEndlessBodyEachCostOneAttemptBoundedByTheTimeout() throws {
        let scene = try Scene(jobs: 1, timeout: 2)
        try scene.receiver.plan(["hang", "close", "huge 500", "200"])
        scene.dispatcher(RetrySchedule(baseSeconds: 0.1)).drain(configuration: scene.configuration, seconds: 30)
        let delivery = try #require(try scene.deliveries().first)
        #expect(delivery.state == .delivered, "\(scene.lines.all.withLock { $0 })")
        #expect(delivery.attempts == 4)
        let arrivals = scene.receiver.requests().map(\.startedAt)
        #expect(arrivals.count == 4)
        let failed = scene.logged("webhook_failed")
        #expect(failed.count == 3)
        // The hang ends at the 2 s timeout, not when the receiver would answer (never).
        #expect(failed[0].lowercased().contains("timeout"), "\(failed[0])")
        #expect(arrivals[1] - arrivals[0] >= 2 - 0.05)
        #expect(Scene.field("status", failed[1]) == nil)
        // An answer whose body does not end counts by its status once 64 KiB are read.
        #expect(Scene.field("status", failed[2]) == "500")
    }
}
