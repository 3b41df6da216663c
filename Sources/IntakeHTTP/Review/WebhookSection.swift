import IntakeCore

/// A job's webhook deliveries on its page: for each webhook, the event, where
/// it goes, its state, the attempts so far, the last answer or error and when
/// it is tried next (or when it was delivered or given up). Every value
/// escaped; a URL is shown without the query (a key, a token) it may carry.
enum WebhookSection {
    static func render(_ deliveries: [WebhookDelivery]) -> String {
        let e = ReviewHTML.escape
        var html = "<h2>Webhooks</h2><div class=\"scroll\"><table id=\"webhooks\"><thead><tr><th>Event</th><th>Webhook</th>"
            + "<th>State</th><th>Attempts</th><th>Last status</th><th>Last error</th><th>Next attempt (UTC)</th><th>Ended (UTC)</th>"
            + "</tr></thead><tbody>\n"
        for delivery in deliveries {
            let next = delivery.state == .pending ? delivery.nextAttemptAt.rfc3339 : "-"
            html += "<tr><td>\(e(delivery.event))</td><td>\(e(shown(delivery.url)))</td>"
            html += "<td class=\"webhook-\(e(delivery.state.rawValue))\">\(e(delivery.state.rawValue))</td><td>\(delivery.attempts)</td>"
            html += "<td>\(delivery.lastStatus.map(String.init) ?? "-")</td><td>\(e(delivery.lastError ?? "-"))</td>"
            html += "<td>\(e(next))</td><td>\(e(delivery.finishedAt?.rfc3339 ?? "-"))</td></tr>\n"
        }
        if deliveries.isEmpty { html += "<tr><td colspan=\"8\">No webhook deliveries for this job.</td></tr>" }
        return html + "</tbody></table></div>\n"
    }

    /// `url` without its query or fragment (`?…` marks what was dropped): what a reviewer needs to tell
    /// webhooks apart, without a secret the query may hold (a URL never holds a user: the configuration refuses one).
    static func shown(_ url: String) -> String {
        let kept = url.prefix { $0 != "?" && $0 != "#" }
        return kept.count < url.count ? kept + "?…" : url
    }
}
