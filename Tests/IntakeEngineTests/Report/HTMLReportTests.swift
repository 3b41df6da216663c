import Testing
@testable import IntakeKit
import IntakeTestSupport

@Suite("HTML report")
struct HTMLReportTests {
    private func failedJob() -> HTMLReportInput {
        var input = HTMLReportInput(
            jobID: "job-1", workspace: "acme", type: "trustpair/payments_import",
            sourceName: "pay\"ments & co.csv", status: "DONE", queuedAt: "2026-11-23T10:53:02.123Z")
        input.total = 10; input.succeeded = 7; input.failed = 3; input.warnings = 1
        input.failedRows = [
            .init(row: 4, line: 5, id: "P-4", field: "beneficiary", code: "INVALID_NAME",
                  value: "<script>alert(1)</script>", message: "Name has <markup>."),
        ]
        return input
    }

    /// Extracts the numbers in the bar's `style="width:NN.N%"` attributes.
    private func barWidths(_ html: String) -> [Double] {
        html.split(separator: "style=\"width:").dropFirst().compactMap { part in
            part.split(separator: "%").first.flatMap { Double(String($0)) }
        }
    }

    @Test func scriptValuesAndFileNameAppearOnlyEscaped() {
        let html = HTMLReport.render(failedJob())
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("pay&quot;ments &amp; co.csv"))
        #expect(!html.contains("pay\"ments"))
        #expect(html.contains("Name has &lt;markup&gt;."))
    }

    @Test func pageIsSelfContained() {
        let html = HTMLReport.render(failedJob()).lowercased()
        for forbidden in ["http://", "https://", "src=", "<script", "<link", "@import", "url("] {
            #expect(!html.contains(forbidden), "found \(forbidden)")
        }
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("<meta name=\"viewport\""))
        #expect(html.contains("<title>"))
    }

    @Test func codesAreSortedByCountThenCode() {
        var input = failedJob()
        input.codeCounts = [("B_CODE", 2), ("Z_CODE", 9), ("A_CODE", 2), ("M_CODE", 1_234)]
        let html = HTMLReport.render(input)
        guard let table = html.split(separator: "Errors by code").last else {
            Issue.record("no codes table"); return
        }
        let order = ["M_CODE", "Z_CODE", "A_CODE", "B_CODE"].compactMap { table.range(of: $0)?.lowerBound }
        #expect(order.count == 4)
        #expect(order == order.sorted())
        #expect(html.contains(">1,234<"))
    }

    @Test func failedDocumentWithoutRowsShowsErrorAndLine() {
        var input = HTMLReportInput(
            jobID: "job-2", workspace: "acme", type: "trustpair/payments_import",
            sourceName: "broken.csv", status: "FAILED", queuedAt: "2026-11-23T10:53:02.123Z")
        input.documentError = (code: "BAD_HEADER", message: "Missing column \"iban\" & <amount>", line: 1)
        let html = HTMLReport.render(input)
        #expect(html.contains("Document error at line 1"))
        #expect(html.contains("BAD_HEADER"))
        #expect(html.contains("Missing column &quot;iban&quot; &amp; &lt;amount&gt;"))
        #expect(html.contains("class=\"badge bad\""))
        #expect(!html.contains("<table"))
        #expect(!html.contains("class=\"bar\""))
    }

    @Test func badgeColourFollowsStatus() {
        for (status, cls) in [("DONE", "ok"), ("FAILED", "bad"), ("REJECTED", "bad"), ("DUPLICATE", "grey")] {
            var input = failedJob(); input.status = status
            #expect(HTMLReport.render(input).contains("class=\"badge \(cls)\""))
        }
    }

    @Test func barWidthsSumToOneHundredPercent() {
        for (s, f, w) in [(7, 3, 1), (1, 1, 1), (999_998, 1, 1), (0, 5, 0), (2, 1, 0)] {
            var input = failedJob()
            input.total = s + f; input.succeeded = s; input.failed = f; input.warnings = w
            let widths = barWidths(HTMLReport.render(input))
            #expect(!widths.isEmpty)
            #expect(abs(widths.reduce(0, +) - 100) < 0.0001, "\(s)/\(f)/\(w): \(widths)")
        }
    }

    @Test func barIsOmittedWhenTotalIsZero() {
        var input = failedJob()
        input.total = 0; input.succeeded = 0; input.failed = 0; input.warnings = 0
        let html = HTMLReport.render(input)
        #expect(!html.contains("class=\"bar\""))
        #expect(barWidths(html).isEmpty)
    }

    @Test func truncationNoteAppearsOnlyWhenTruncated() {
        var input = failedJob()
        #expect(!HTMLReport.render(input).contains("JOB.errors.csv"))
        input.failedRowsTruncated = true
        #expect(HTMLReport.render(input).contains("first 1,000 failed rows; every row is in JOB.errors.csv"))
    }

    @Test func escapeHandlesAllFiveCharacters() {
        #expect(HTMLReport.escape("&<>\"'") == "&amp;&lt;&gt;&quot;&#39;")
        #expect(HTMLReport.escape("a&amp;b") == "a&amp;amp;b")
        #expect(HTMLReport.escape("plain é 😀") == "plain é 😀")
    }
}

/// The engine writes `JOB.report.html` beside the JSON, escaping what the file held.
@Suite struct HTMLReportOutboxTests {
    @Test func jobReportEscapesAScriptInABeneficiaryName() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/payments/xss.csv", PaymentsCSV.header
            + "X-1,10.00,<script>alert(1)</script>,2026-06-01,N,FR7630006000011234567890189,SOGEFRPP,FR,x\n"
            + "X-2,10.00,EUR,2026-06-01,N,FR7630006000011234567890189,<b>bold</b>,FR,x\n")
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        let html = try root.read("outbox/acme/\(job.jobID).report.html")
        #expect(!html.contains("<script"))
        #expect(!html.contains("<b>bold"))
        #expect(html.contains("currency_unknown"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&lt;b&gt;bold&lt;/b&gt;"))
        #expect(html.contains("xss.csv"))
        #expect(html.contains("X-1"))
        let names = root.files("outbox/acme")
        // The report is in place before result.json, which comes last.
        #expect(names.contains("\(job.jobID).report.html"))
        #expect(names.contains("\(job.jobID).result.json"))
    }
}
