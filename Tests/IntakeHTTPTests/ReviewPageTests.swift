import Foundation
import Testing
import IntakeKit
@testable import IntakeHTTP
import IntakeTestSupport

/// The review page in a real browser (Debian's chromium, headless, over its
/// DevTools protocol): sign in, list, open a job, page through failed rows,
/// download errors.csv; hostile values shown as text; the CSP header present.
@Suite struct ReviewPageTests {
    static let hostile = "<img src=x onerror=\"window.__owned=1\">"

    /// 60 payments of which 55 fail (a hostile IBAN value), in a file whose name is hostile too.
    static func document() -> String {
        var text = PaymentsCSV.header
        for i in 0..<60 {
            let iban = i < 55 ? "\"\(hostile.replacingOccurrences(of: "\"", with: "\"\""))\"" : "FR7630006000011234567890189"
            text += "P-\(i),10.00,EUR,2026-06-01,Name \(i),\(iban),SOGEFRPP,FR,x\n"
        }
        return text
    }

    @Test(.enabled(if: Chromium.isInstalled)) func aReviewerSignsInListsOpensAJobAndPagesThroughItsFailedRows() throws {
        let served = try ServedRoot(TemporaryRoot())
        let name = "june <b>bold</b>.csv"
        try served.temporary.drop("acme/payments/" + name, Self.document())
        try served.runPass()
        let job = try #require(try served.temporary.jobs().first)
        #expect(job.failed == 55)

        // Without JavaScript the pages answer, with the policy, and refuse without a session.
        let signInPage = try Curl.request(served.base + "/")
        #expect(signInPage.status == 200)
        #expect(signInPage.headers["content-security-policy"]?.contains("default-src 'none'") == true)
        #expect(signInPage.headers["content-security-policy"]?.contains("unsafe-inline") == false)
        #expect(try Curl.request(served.base + "/jobs/\(job.jobID)").status == 401)
        let wrong = try Curl.request(served.base + "/signin", method: "POST", body: Array("token=itk_nope".utf8))
        #expect(wrong.status == 401)
        let cookie = try Curl.request(served.base + "/signin", method: "POST", body: Array("token=\(served.admin)".utf8))
        #expect(cookie.status == 303)
        let setCookie = cookie.headers["set-cookie"] ?? ""
        #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))

        let browser = try Chromium()
        try browser.open(served.base + "/")
        #expect(try browser.evaluate("document.title") as? String == "Sign in · Intake")
        try browser.evaluate("document.querySelector('input[name=token]').value = '\(served.admin)'; document.querySelector('form').submit(); true")
        try browser.waitFor("document.title === 'Jobs · Intake'")
        #expect(try browser.evaluate("document.cookie") as? String == "")  // HttpOnly: out of the page's reach
        #expect(try browser.evaluate("document.querySelectorAll('tbody tr').length") as? Int == 1)
        #expect(try browser.evaluate("document.querySelector('tbody a').textContent") as? String == name)
        // Filtered by file name: nothing matches "july".
        try browser.open(served.base + "/?name=july")
        #expect(try browser.evaluate("document.querySelector('tbody').textContent.trim()") as? String == "No jobs.")
        try browser.open(served.base + "/?name=JUNE&status=DONE&workspace=acme")
        try browser.evaluate("document.querySelector('tbody a').click(); true")
        try browser.waitFor("location.pathname === '/jobs/\(job.jobID)' && document.readyState === 'complete'")
        // Hostile values are text: no element made from them, no script run.
        #expect(try browser.evaluate("document.querySelectorAll('img, b').length") as? Int == 0)
        #expect(try browser.evaluate("window.__owned === undefined") as? Bool == true)
        #expect(try browser.evaluate("document.body.textContent.includes(\(Self.quoted(Self.hostile)))") as? Bool == true)
        #expect(try browser.evaluate("document.querySelector('h1').textContent") as? String == name)
        let firstPage = try browser.evaluate("Array.from(document.querySelectorAll('#failed-rows tbody tr td:first-child')).map(c => c.textContent).join(',')") as? String
        #expect(firstPage?.hasPrefix("0,1,2") == true)
        let png = try browser.screenshot()
        let artefacts = Repository.root.appendingPathComponent(".build/test-artefacts").path
        try FileManager.default.createDirectory(atPath: artefacts, withIntermediateDirectories: true)
        try png.write(to: URL(fileURLWithPath: artefacts + "/review-job-page.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // The next page of failed rows starts after the last row shown.
        try browser.evaluate("Array.from(document.querySelectorAll('nav a')).find(a => a.textContent === 'Next failed rows').click(); true")
        try browser.waitFor("location.search === '?cursor=49'")
        #expect(try browser.evaluate("document.querySelector('#failed-rows tbody tr td').textContent") as? String == "50")
        // errors.csv, downloaded with the session by its link.
        let downloads = served.temporary.path + "/downloads"
        try FileManager.default.createDirectory(atPath: downloads, withIntermediateDirectories: true)
        try browser.downloads(to: downloads)
        try browser.evaluate("Array.from(document.querySelectorAll('a')).find(a => a.textContent.endsWith('.errors.csv')).click(); true")
        let saved = downloads + "/\(job.jobID).errors.csv"
        #expect(eventually { FileManager.default.fileExists(atPath: saved) })
        #expect(try Data(contentsOf: URL(fileURLWithPath: saved)) == Data(try served.temporary.readBytes("outbox/acme/\(job.jobID).errors.csv")))
        #expect(try browser.evaluate("document.styleSheets.length") as? Int == 1)
    }

    @Test func aJobsPageShowsEachWebhookDeliveryEscapedWithoutTheURLsQuery() throws {
        let receiver = try WebhookReceiver()
        try receiver.plan(["400"])
        let secretFile = receiver.folder + "/secret"
        try "s3cret\n".write(toFile: secretFile, atomically: true, encoding: .utf8)
        let closed = try SystemTools.freeLoopbackPort()
        let unreachable = "https://127.0.0.1:\(closed)/hook?key=pa55&x=%3Cimg%3E"
        let served = try ServedRoot(TemporaryRoot { configuration in
            var refused = Configuration.Webhook(url: receiver.url, secretFile: secretFile, secret: Array("s3cret".utf8))
            refused.caFile = receiver.caFile
            refused.timeoutSeconds = 5
            var down = Configuration.Webhook(url: unreachable, secretFile: secretFile, secret: Array("s3cret".utf8))
            down.timeoutSeconds = 5
            configuration.webhooks = [refused, down]
            configuration.hookTimeoutSeconds = 3  // how long `intake run` keeps trying before it exits
        })
        try served.temporary.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        try served.runPass()
        let job = try #require(try served.temporary.jobs().first)
        let page = try served.call("GET", "/jobs/\(job.jobID)", token: "", headers: ["Cookie": "intake_session=\(served.admin)"])
        #expect(page.status == 200)
        let rows = page.text.components(separatedBy: "<table id=\"webhooks\">").last?.components(separatedBy: "</table>").first ?? ""
        // The receiver's final 400: dead after one attempt, nothing more owed.
        #expect(rows.contains("<tr><td>job.done</td><td>\(receiver.url)</td><td class=\"webhook-dead\">dead</td><td>1</td><td>400</td>"))
        // The closed port: still owed, with its error and when it is tried next; shown without its query.
        let pending = try #require(try SQLiteCatalogue(root: served.root).deliveries(job: job.jobID).first { $0.state == .pending })
        #expect(pending.lastError != nil && pending.attempts >= 1)
        let shown = "https://127.0.0.1:\(closed)/hook?…"
        #expect(rows.contains("<tr><td>job.done</td><td>\(shown)</td><td class=\"webhook-pending\">pending</td><td>\(pending.attempts)</td><td>-</td>"
            + "<td>\(ReviewHTML.escape(pending.lastError ?? ""))</td><td>\(pending.nextAttemptAt.rfc3339)</td><td>-</td></tr>"))
        #expect(!page.text.contains("pa55") && !page.text.contains("key=") && !page.text.contains("%3Cimg"))
        // A job without webhooks says so.
        #expect(WebhookSection.render([]).contains("No webhook deliveries for this job."))
    }

    static func quoted(_ text: String) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: [text])) ?? Data(), as: UTF8.self).dropFirst().dropLast().description
    }
}
