import IntakeCore
import IntakeEngine

/// One job: its summary, its errors grouped by code, its failed rows (a page
/// at a time, from the entries: line, field, value, message) and links to its
/// outbox files. A running job's page refreshes itself.
struct JobPage {
    let context: ServeContext
    let access: Access
    let configuration: Configuration

    static let pageSize = 50
    /// The failed rows counted for the errors-by-code table.
    static let countedRows = 10_000

    func render(_ id: String, _ request: HTTPRequest) throws -> HTTPResponse {
        let api = ImportsAPI(context: context, access: access, configuration: configuration)
        guard let job = try api.visibleJob(id) else {
            return ReviewHTML.page(404, title: "Not found", body: "<h1>Not found</h1><p>No such job.</p><p><a href=\"/\">All jobs</a></p>")
        }
        let after = request.query["cursor"].flatMap { Int($0) } ?? -1
        let e = ReviewHTML.escape
        var codes: [String: (count: Int, message: String)] = [:]
        var rows: [(StoredEntry, [Issue])] = []
        var more = false
        try context.withStore(job.workspace) { store in
            guard let store, let sequence = try store.appliedSequence(job: job.jobID) else { return }
            let cursor = try store.entries(sequence: sequence, failedOnly: true, limit: Self.countedRows)
            while let entry = try cursor.next() {
                let issues = Issue.decodeEntries(entry.issuesJSON).filter { $0.severity == .error }
                for issue in issues { codes[issue.code, default: (0, issue.description)].count += 1 }
                guard entry.row > after else { continue }
                if rows.count < Self.pageSize { rows.append((entry, issues)) } else { more = true }
            }
        }
        let type = ImportType(apiType: job.apiType)?.name ?? job.apiType ?? "-"
        var html = "<h1>\(e(job.sourceName))</h1>\n<dl class=\"summary\">"
        let summary: [(String, String)] = [
            ("Job", job.jobID), ("Workspace", job.workspace), ("Type", type), ("Status", job.status.rawValue),
            ("Queued (UTC)", job.queuedAt.rfc3339), ("Started (UTC)", job.startedAt?.rfc3339 ?? "-"),
            ("Finished (UTC)", job.finishedAt?.rfc3339 ?? "-"), ("Rows", "\(job.processed) of \(job.total)"),
            ("Succeeded", String(job.succeeded)), ("Failed", String(job.failed)), ("Warnings", String(job.warnings)),
        ]
        for (name, value) in summary { html += "<dt>\(e(name))</dt><dd>\(e(value))</dd>" }
        if let error = job.error { html += "<dt>Error</dt><dd class=\"error\">\(e(error.code)): \(e(error.message))</dd>" }
        html += "</dl>\n<h2>Files</h2><ul>"
        for name in OutboxFile.names {
            guard let found = OutboxFile.find(job: job.jobID, name: name, in: context.root.outbox(job.workspace)) else { continue }
            // An encrypted file (encrypt_reports_to) is handed as it is: only the customer's key opens it.
            let sealed = found.fileName.hasSuffix(".pgp") ? " <span class=\"encrypted\">encrypted (OpenPGP, to the workspace's key)</span>" : ""
            html += "<li><a href=\"/api/v1/imports/\(e(job.jobID))/files/\(e(name))\">\(e(found.fileName))</a>\(sealed)</li>"
        }
        html += "</ul>\n"
        html += WebhookSection.render(try context.withCatalogue { try $0.deliveries(job: job.jobID) })
        html += "<h2>Errors by code</h2><div class=\"scroll\"><table id=\"errors\"><thead><tr><th>Code</th><th>Rows</th><th>Message</th></tr></thead><tbody>"
        for (code, item) in codes.sorted(by: { ($0.value.count, $1.key) > ($1.value.count, $0.key) }) {
            html += "<tr><td>\(e(code))</td><td>\(item.count)</td><td>\(e(item.message))</td></tr>"
        }
        if codes.isEmpty { html += "<tr><td colspan=\"3\">No errors.</td></tr>" }
        html += "</tbody></table></div>\n<h2>Failed rows</h2><div class=\"scroll\"><table id=\"failed-rows\"><thead><tr><th>Row</th><th>Line</th><th>Id</th><th>Field</th><th>Value</th><th>Message</th></tr></thead><tbody>\n"
        for (entry, issues) in rows {
            for issue in issues.isEmpty ? [nil] : issues.map(Optional.some) {
                html += "<tr><td>\(entry.row)</td><td>\(entry.line.map(String.init) ?? "-")</td><td>\(e(entry.recordID ?? "-"))</td>"
                html += "<td>\(e(issue?.field ?? "-"))</td><td>\(e(issue?.value ?? ""))</td><td>\(e(issue?.description ?? ""))</td></tr>\n"
            }
        }
        if rows.isEmpty { html += "<tr><td colspan=\"6\">No failed rows\(after >= 0 ? " after this point" : "").</td></tr>" }
        html += "</tbody></table></div>\n<nav class=\"pages\">"
        if after >= 0 { html += "<a href=\"/jobs/\(e(job.jobID))\">First failed rows</a>" }
        if more, let last = rows.last?.0.row { html += "<a href=\"/jobs/\(e(job.jobID))?cursor=\(last)\">Next failed rows</a>" }
        html += "<a href=\"/\">All jobs</a></nav>"
        return ReviewHTML.page(200, title: job.sourceName, body: html, refresh: job.status.isFinal ? nil : 5)
    }
}
