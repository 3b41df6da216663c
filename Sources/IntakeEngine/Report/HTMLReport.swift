import Foundation
import IntakeCore
import IntakeSystem

/// The data the `JOB.report.html` page shows; filled by the engine.
public struct HTMLReportInput: Sendable {
    /// The job's identifier.
    public var jobID: String
    /// The workspace the file was dropped into.
    public var workspace: String
    /// The job type's short name, e.g. `payments`.
    public var type: String
    /// The API type, e.g. `trustpair/payments_import` (shown small, for the API's users).
    public var apiType: String?
    /// The name of the outbox file holding only the failed rows (`JOB.rejected.csv`), if any.
    public var rejectedFile: String?
    /// Where a fixed file is dropped again, e.g. `inbox/acme/payments/`.
    public var dropFolder: String?
    /// The dropped file's name.
    public var sourceName: String
    /// The layers it arrived in, outermost first (`openpgp`, `gzip`); empty for a plain file.
    public var sourceLayers: [String] = []
    /// The final status: DONE, FAILED, DUPLICATE or REJECTED.
    public var status: String
    /// When the job was queued, as RFC 3339 text.
    public var queuedAt: String
    /// When processing started, as RFC 3339 text.
    public var startedAt: String?
    /// When processing finished, as RFC 3339 text.
    public var finishedAt: String?
    /// How long processing took, in seconds.
    public var durationSeconds: Double?
    /// Rows read from the file.
    public var total: Int = 0
    /// Rows imported.
    public var succeeded: Int = 0
    /// Rows rejected.
    public var failed: Int = 0
    /// Warnings raised.
    public var warnings: Int = 0
    /// The error about the whole document, for FAILED, REJECTED and DUPLICATE jobs.
    public var documentError: (code: String, message: String, line: Int?)?
    /// Errors grouped by code, in any order; the page sorts them.
    public var codeCounts: [(code: String, count: Int)] = []
    /// The first failed rows (at most 1,000).
    public var failedRows: [FailedRow] = []
    /// Whether `failedRows` holds only part of the failed rows.
    public var failedRowsTruncated: Bool = false

    /// One error on one failed row.
    public struct FailedRow: Sendable {
        /// The 1-based data row number.
        public var row: Int
        /// The physical line in the file, when known.
        public var line: Int?
        /// The record's position in a JSON or XML document (or a workbook's cell), when known.
        public var path: String?
        /// The row's identifier, when it has one.
        public var id: String?
        /// The field the error is about.
        public var field: String
        /// The error code.
        public var code: String
        /// The offending value, when there is one.
        public var value: String?
        /// A human-readable explanation.
        public var message: String

        /// Creates a failed row.
        public init(row: Int, line: Int?, id: String?, field: String, code: String, value: String?, message: String) {
            self.row = row; self.line = line; self.id = id; self.field = field
            self.code = code; self.value = value; self.message = message
        }
    }

    /// Creates an input; the other fields default to zero, empty or nil.
    public init(jobID: String, workspace: String, type: String, sourceName: String, status: String, queuedAt: String) {
        self.jobID = jobID; self.workspace = workspace; self.type = type
        self.sourceName = sourceName; self.status = status; self.queuedAt = queuedAt
    }
}

/// Renders `JOB.report.html`: one self-contained page (inline CSS, no scripts, no external resources).
public enum HTMLReport {
    /// A layer as a person reads it (`openpgp`: OpenPGP-encrypted).
    static func layerName(_ layer: String) -> String {
        switch layer {
        case "openpgp": "OpenPGP-encrypted"
        case "gzip": "gzip-compressed"
        case "zip": "zipped"
        default: layer
        }
    }

    /// Renders the whole page for `input`. Every value from the file goes through `escape`.
    public static func render(_ input: HTMLReportInput) -> String {
        let e = escape
        let badge: String
        switch input.status.uppercased() {
        case "DONE": badge = "ok"
        case "FAILED", "REJECTED": badge = "bad"
        default: badge = "grey"
        }
        var h = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(e(input.sourceName)) — \(e(input.status)) — Intake report</title>
        <style>\(css)</style>
        </head>
        <body>
        <header>
        <h1><span class="badge \(badge)">\(e(input.status))</span> \(e(input.sourceName))</h1>
        <dl class="meta">
        <dt>Workspace</dt><dd>\(e(input.workspace))</dd>
        <dt>Type</dt><dd>\(e(input.type))\(input.apiType.map { " <span class=\"none\">(\(e($0)))</span>" } ?? "")</dd>
        <dt>Job</dt><dd><code>\(e(input.jobID))</code></dd>
        \(input.sourceLayers.isEmpty ? "" : "<dt>Layers</dt><dd>" + e(input.sourceLayers.map(HTMLReport.layerName).joined(separator: ", then ")) + "</dd>")
        <dt>Queued (UTC)</dt><dd>\(e(utc(input.queuedAt)))</dd>
        <dt>Started (UTC)</dt><dd>\(e(input.startedAt.map(utc) ?? "—"))</dd>
        <dt>Finished (UTC)</dt><dd>\(e(input.finishedAt.map(utc) ?? "—"))</dd>
        <dt>Duration</dt><dd>\(input.durationSeconds.map(duration) ?? "—")</dd>
        </dl>
        </header>
        <section class="counts">
        <div><b>\(grouped(input.total))</b>rows</div>
        <div class="ok-t"><b>\(grouped(input.succeeded))</b>succeeded</div>
        <div class="bad-t"><b>\(grouped(input.failed))</b>failed</div>
        <div class="warn-t"><b>\(grouped(input.warnings))</b>warnings</div>
        </section>

        """
        let counts = [input.succeeded, input.failed, input.warnings]
        if input.total > 0, let widths = percentages(counts) {
            h += "<div class=\"bar\" role=\"img\" aria-label=\"succeeded, failed and warnings\">"
            for (cls, w) in zip(["ok", "bad", "warn"], widths) where w > 0 {
                h += "<div class=\"\(cls)\" style=\"width:\(w / 10).\(w % 10)%\"></div>"
            }
            h += "</div>\n"
        }
        if let doc = input.documentError {
            let at = doc.line.map { " at line \(grouped($0))" } ?? ""
            h += "<section class=\"docerr\"><h2>Document error\(at)</h2>"
            h += "<p><code>\(e(doc.code))</code> \(e(doc.message))</p></section>\n"
        }
        h += whatToDo(input)
        let codes = input.codeCounts.sorted { $0.count != $1.count ? $0.count > $1.count : $0.code < $1.code }
        if !codes.isEmpty {
            h += "<h2>Errors by code</h2>\n<table class=\"codes\"><thead><tr><th>Code</th><th>Count</th></tr></thead><tbody>\n"
            for c in codes {
                h += "<tr><td><code>\(e(c.code))</code></td><td class=\"num\">\(grouped(c.count))</td></tr>\n"
            }
            h += "</tbody></table>\n"
        }
        if !input.failedRows.isEmpty {
            h += "<h2>Failed rows</h2>\n"
            if input.failedRowsTruncated {
                h += "<p class=\"note\">Showing the first 1,000 failed rows; every row is in JOB.errors.csv.</p>\n"
            }
            let paths = input.failedRows.contains { $0.path != nil }
            h += "<table class=\"rows\"><thead><tr><th>Line</th>\(paths ? "<th>Path</th>" : "")<th>Row</th><th>ID</th><th>Field</th>"
            h += "<th>Code</th><th>Value</th><th>Message</th></tr></thead><tbody>\n"
            for r in input.failedRows {
                h += "<tr><td class=\"num\">\(r.line.map(String.init) ?? "")</td>"
                if paths { h += "<td class=\"id\">\(e(r.path ?? ""))</td>" }
                h += "<td class=\"num\">\(r.row)</td>"
                h += "<td class=\"id\">\(e(r.id ?? ""))</td><td>\(e(r.field))</td><td><code>\(e(r.code))</code></td>"
                h += "<td class=\"value\">\(r.value.map(e) ?? "<span class=\"none\">—</span>")</td>"
                h += "<td>\(e(r.message))</td></tr>\n"
            }
            h += "</tbody></table>\n"
        } else if input.failedRowsTruncated {
            h += "<p class=\"note\">Showing the first 1,000 failed rows; every row is in JOB.errors.csv.</p>\n"
        }
        h += "</body>\n</html>\n"
        return h
    }

    /// `2026-11-23T10:53:02.123Z` → `2026-11-23 10:53:02 UTC`.
    package static func utc(_ rfc3339: String) -> String {
        guard rfc3339.count >= 19, rfc3339.hasSuffix("Z") else { return rfc3339 }
        return rfc3339.prefix(10) + " " + rfc3339.dropFirst(11).prefix(8) + " UTC"
    }

    /// The "what to do" box: for failed rows, the rejected file, that it holds
    /// only them, and where to drop it again; for a failed document, to fix and
    /// drop it again; for a refusal or a duplicate, what the status means.
    package static func whatToDo(_ input: HTMLReportInput) -> String {
        let e = escape
        let again = input.dropFolder.map { "drop it again into <code>\(e($0))</code> (on SFTP: the workspace's <code>\(e(input.type))</code> folder) under a new name" }
            ?? "drop it again under a name that says its workspace and type"
        var steps: [String] = []
        switch input.status.uppercased() {
        case "DONE" where input.failed > 0:
            steps.append("The \(grouped(input.succeeded)) rows that passed are stored; only the \(grouped(input.failed)) failed rows need attention.")
            if let rejected = input.rejectedFile {
                steps.append("Open <code>\(e(rejected))</code> (next to this report): it holds <b>only the failed rows</b>, as they were in your file.")
            }
            steps.append("Correct them using the table below (or <code>\(e(input.jobID)).errors.csv</code>), save, and \(again).")
        case "DONE":
            return ""
        case "FAILED":
            if let rejected = input.rejectedFile {
                steps.append("Nothing was stored. <code>\(e(rejected))</code> holds <b>only the failed rows</b>; fix them in the whole file, then \(again).")
            } else {
                steps.append("Nothing was stored: fix the document error above in the file, then \(again).")
            }
        case "DUPLICATE":
            steps.append("Nothing to do: this content was already imported (see the message above).")
        default:
            steps.append("The file was not read: follow the message above (usually rename the file or ask for the permission), then drop it again.")
        }
        return "<section class=\"todo\"><h2>What to do</h2><ol>" + steps.map { "<li>\($0)</li>" }.joined() + "</ol></section>\n"
    }

    /// Escapes &, <, >, ", ' for HTML text and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Shares of `counts` in tenths of a percent, summing to exactly 1000 (largest remainder); nil when all are 0.
    package static func percentages(_ counts: [Int]) -> [Int]? {
        let values = counts.map { max($0, 0) }
        let sum = values.reduce(0, +)
        guard sum > 0 else { return nil }
        var tenths = values.map { $0 * 1000 / sum }
        let byRemainder = values.indices.sorted { (values[$0] * 1000 % sum) > (values[$1] * 1000 % sum) }
        for i in byRemainder.prefix(1000 - tenths.reduce(0, +)) { tenths[i] += 1 }
        return tenths
    }

    /// `1234567` → `1,234,567`.
    package static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(d)
        }
        return n < 0 ? "-" + out : out
    }

    /// `0.4` → `0.400 s`, `83.2` → `1 min 23.2 s`.
    package static func duration(_ s: Double) -> String {
        guard s.isFinite, s >= 0 else { return "—" }
        if s < 60 { return String(format: "%.3f s", s) }
        let minutes = Int(s / 60)
        return String(format: "%d min %.1f s", minutes, s - Double(minutes) * 60)
    }

    package static let css = """
    :root{color-scheme:light}
    body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
    margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1f2328;line-height:1.4}
    h1{font-size:1.5rem;margin:0 0 .75rem;overflow-wrap:anywhere}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
    code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
    .badge{display:inline-block;padding:.1rem .6rem;border-radius:1rem;font-size:.9rem;color:#fff;vertical-align:middle}
    .badge.ok{background:#1a7f37}.badge.bad{background:#cf222e}.badge.grey{background:#6e7781}
    .meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}
    .meta dt{color:#57606a}.meta dd{margin:0;overflow-wrap:anywhere}
    .counts{display:flex;gap:2rem;margin:1.25rem 0 .5rem}.counts b{display:block;font-size:1.5rem}
    .ok-t b{color:#1a7f37}.bad-t b{color:#cf222e}.warn-t b{color:#9a6700}
    .bar{display:flex;height:14px;border:1px solid #d0d7de;border-radius:3px;overflow:hidden;background:#f6f8fa}
    .bar .ok{background:#2da44e}.bar .bad{background:#cf222e}.bar .warn{background:#d4a72c}
    .docerr{border:1px solid #cf222e;background:#ffebe9;padding:.25rem 1rem;margin-top:1.25rem;border-radius:4px}
    .docerr p{overflow-wrap:anywhere}
    .note{color:#57606a;font-style:italic}
    .todo{border:1px solid #0969da;background:#ddf4ff;padding:.25rem 1rem;margin-top:1.25rem;border-radius:4px}
    table{border-collapse:collapse;width:100%;font-size:.9rem}table.codes{width:auto;min-width:20rem}
    th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
    th{background:#f6f8fa}td.num{text-align:right;white-space:nowrap}
    td.value{word-break:break-all;max-width:18rem}td.id{overflow-wrap:anywhere;min-width:8em}.none{color:#8c959f}
    @media print{body{margin:0;max-width:none}thead{display:table-header-group}tr{break-inside:avoid}
    .badge,.bar div,th,.docerr{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
    """
}
