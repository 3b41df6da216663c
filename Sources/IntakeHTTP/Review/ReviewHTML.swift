import IntakeCore
import IntakeEngine

/// The review page's HTML: one layout, one same-origin stylesheet, every
/// value escaped, and a Content-Security-Policy that allows nothing inline
/// and nothing from another origin.
enum ReviewHTML {
    /// `default-src 'none'`: only the stylesheet (and forms) of this origin.
    static let policy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// `text` safe in HTML text and in a double-quoted attribute (the outbox report's escaping).
    static func escape(_ text: String) -> String { HTMLReport.escape(text) }

    /// A whole page: `title`, `body` (already escaped HTML), and a refresh every `refresh` seconds when given.
    static func page(_ status: Int, title: String, body: String, refresh: Int? = nil, headers: [(String, String)] = []) -> HTTPResponse {
        let meta = refresh.map { "<meta http-equiv=\"refresh\" content=\"\($0)\">" } ?? ""
        let html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">\(meta)
            <title>\(escape(title)) · Intake</title>
            <link rel="stylesheet" href="/review.css"></head>
            <body><header><a href="/">Intake</a></header><main>
            \(body)
            </main></body></html>

            """
        return HTTPResponse(status: status, contentType: "text/html; charset=utf-8", body: Array(html.utf8),
                            headers: [("Content-Security-Policy", policy), ("X-Frame-Options", "DENY"),
                                      ("Referrer-Policy", "no-referrer")] + headers)
    }

    /// The stylesheet: readable on a phone-width window, focus visible for the keyboard.
    static let stylesheet = """
        body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d1d1f; background: #fafafa; }
        header { background: #1f3a5f; padding: .6rem 1rem; }
        header a { color: #fff; font-weight: 600; text-decoration: none; }
        main { padding: 1rem; max-width: 72rem; margin: 0 auto; }
        table { border-collapse: collapse; width: 100%; background: #fff; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; overflow-wrap: anywhere; }
        th { background: #eef1f5; }
        .scroll { overflow-x: auto; }
        form.filters { display: flex; flex-wrap: wrap; gap: .5rem; margin-bottom: 1rem; align-items: end; }
        label { display: flex; flex-direction: column; font-size: .85rem; }
        input, select, button { font: inherit; padding: .3rem .4rem; }
        a:focus, input:focus, select:focus, button:focus { outline: 3px solid #f5a623; outline-offset: 1px; }
        .status-DONE { color: #1a7f37; } .status-FAILED, .status-REJECTED { color: #b42318; }
        .status-RUNNING, .status-QUEUED, .status-APPLIED { color: #9a6700; }
        .error, .webhook-dead { color: #b42318; } .webhook-delivered { color: #1a7f37; } .webhook-pending { color: #9a6700; }
        nav.pages { margin: 1rem 0; display: flex; gap: 1rem; }
        dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
        dl.summary dt { font-weight: 600; }

        """
}
