import IntakeCore
import IntakeEngine

/// The jobs the token sees, newest first, filtered by workspace, status and file name.
struct JobListPage {
    let context: ServeContext
    let access: Access

    static let pageSize = 50

    func render(_ request: HTTPRequest) throws -> HTTPResponse {
        let workspace = request.query["workspace"].flatMap { $0.isEmpty ? nil : $0 }
        let status = request.query["status"].flatMap { JobStatus(rawValue: $0) }
        let name = (request.query["name"] ?? "").lowercased()
        let after = request.query["after"].flatMap(JobPosition.init(text:))
        var jobs: [JobRecord] = []
        if workspace.map(access.sees) ?? true {
            let filter = JobFilter(
                workspace: workspace, workspaces: access.admin || workspace != nil ? nil : access.workspaces.sorted(),
                status: status, nameContains: name.isEmpty ? nil : name, after: after, limit: Self.pageSize + 1)
            jobs = try context.withCatalogue { try $0.jobs(filter) }
        }
        let page = jobs.prefix(Self.pageSize)
        let e = ReviewHTML.escape
        let workspaces = context.current().workspaces.keys.sorted().filter(access.sees)
        var html = "<h1>Jobs</h1>\n<form class=\"filters\" method=\"get\" action=\"/\">"
        html += "<label>Workspace <select name=\"workspace\"><option value=\"\">all</option>"
        for id in workspaces { html += "<option\(id == workspace ? " selected" : "")>\(e(id))</option>" }
        html += "</select></label><label>Status <select name=\"status\"><option value=\"\">all</option>"
        for s in JobStatus.allCases { html += "<option\(s == status ? " selected" : "")>\(s.rawValue)</option>" }
        html += "</select></label><label>File name <input name=\"name\" value=\"\(e(request.query["name"] ?? ""))\"></label>"
        html += "<button type=\"submit\">Filter</button></form>\n"
        html += "<div class=\"scroll\"><table><thead><tr><th>Queued (UTC)</th><th>Workspace</th><th>Type</th><th>File</th><th>Status</th><th>Rows</th><th>Failed</th></tr></thead><tbody>\n"
        for job in page {
            let type = ImportType(apiType: job.apiType)?.name ?? job.apiType ?? "-"
            html += "<tr><td>\(e(job.queuedAt.rfc3339))</td><td>\(e(job.workspace))</td><td>\(e(type))</td>"
            html += "<td><a href=\"/jobs/\(e(job.jobID))\">\(e(job.sourceName))</a></td>"
            html += "<td class=\"status-\(job.status.rawValue)\">\(job.status.rawValue)</td><td>\(job.processed)/\(job.total)</td><td>\(job.failed)</td></tr>\n"
        }
        if page.isEmpty { html += "<tr><td colspan=\"7\">No jobs.</td></tr>\n" }
        html += "</tbody></table></div>\n"
        if jobs.count > Self.pageSize, let last = page.last {
            var query = request.query
            query["after"] = JobPosition(of: last).text
            html += "<nav class=\"pages\"><a href=\"/?\(e(ImportsAPI.encode(query)))\">Older jobs</a></nav>\n"
        }
        html += "<form method=\"post\" action=\"/signout\"><button type=\"submit\">Sign out</button></form>"
        let running = page.contains { !$0.status.isFinal }
        return ReviewHTML.page(200, title: "Jobs", body: html, refresh: running ? 5 : nil)
    }
}
