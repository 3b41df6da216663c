import IntakeCore
import IntakeSystem

extension Configuration {
    /// One webhook (spec section 3, "Webhooks"): where a job's end is posted,
    /// signed with the secret, for which events, and how long one attempt may take.
    public struct Webhook: Equatable, Sendable {
        /// `https://…`, or `http://` to a loopback address.
        public var url: String
        /// The file the secret was read from.
        public var secretFile: String
        /// The secret's bytes (the file's content, trailing line break removed).
        public var secret: [UInt8]
        /// The events posted (all four by default).
        public var events: Set<WebhookEvent> = Set(WebhookEvent.allCases)
        /// Seconds one attempt may take, connection included (1 to 300).
        public var timeoutSeconds: Double = 10
        /// The CA certificates (PEM) the receiver's certificate is verified
        /// against; nil for the system's CAs.
        public var caFile: String?

        /// A webhook posting every event to `url`, signed with `secret`.
        public init(url: String, secretFile: String, secret: [UInt8]) {
            self.url = url
            self.secretFile = secretFile
            self.secret = secret
        }
    }

    /// The webhooks for jobs of `workspace`: its own, else the top-level ones.
    public func webhooks(for workspace: String) -> [Webhook] {
        workspaces[workspace]?.webhooks ?? webhooks
    }

    /// The webhook of `workspace` posting to `url`, if it is still configured.
    public func webhook(for workspace: String, url: String) -> Webhook? {
        webhooks(for: workspace).first { $0.url == url }
    }

    /// What the catalogue needs to owe deliveries when a job ends.
    public var webhookPlan: WebhookPlan {
        func targets(_ list: [Webhook]) -> [WebhookTarget] { list.map { WebhookTarget(url: $0.url, events: $0.events) } }
        return WebhookPlan(
            fallback: targets(webhooks),
            workspaces: workspaces.compactMapValues { $0.webhooks.map(targets) })
    }

    /// The top-level webhook keys as `intake init` writes them (only those set).
    func webhookLines() -> [String] {
        var lines: [String] = []
        if !webhooks.isEmpty { lines.append("  \"webhooks\": \(Configuration.json(webhooks)),") }
        if webhookConcurrency != 4 { lines.append("  \"webhook_concurrency\": \(webhookConcurrency),") }
        if webhookMaxAgeSeconds != 86_400 {
            lines.append("  \"webhook_max_age_seconds\": \(ConfigurationLimits.plain(webhookMaxAgeSeconds)),")
        }
        return lines
    }

    /// A list of webhooks as JSON, every key written.
    static func json(_ list: [Webhook]) -> String {
        var items: [String] = []
        for webhook in list {
            let events = WebhookEvent.allCases.filter(webhook.events.contains).map { JSONWriter.quoted($0.rawValue) }
            var item = "{\"url\": " + JSONWriter.quoted(webhook.url)
            item += ", \"secret_file\": " + JSONWriter.quoted(webhook.secretFile)
            item += ", \"events\": [" + events.joined(separator: ", ") + "]"
            item += ", \"timeout_seconds\": " + ConfigurationLimits.plain(webhook.timeoutSeconds)
            if let caFile = webhook.caFile { item += ", \"ca_file\": " + JSONWriter.quoted(caFile) }
            items.append(item + "}")
        }
        return "[" + items.joined(separator: ", ") + "]"
    }

    /// True when `url` may receive webhooks: `https://HOST…`, or `http://` to
    /// `localhost`, an address of 127.0.0.0/8 or `[::1]` (plain HTTP never leaves the machine).
    package static func isAllowedWebhookURL(_ url: String) -> Bool {
        let lower = url.lowercased()
        if lower.hasPrefix("https://") { return host(of: url, after: 8).map { !$0.isEmpty } ?? false }
        guard lower.hasPrefix("http://"), let host = host(of: lower, after: 7) else { return false }
        if host == "localhost" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// The host of a URL whose scheme takes `after` characters: up to the
    /// port, path, query or fragment (nil when it holds user information).
    private static func host(of url: String, after: Int) -> String? {
        let authority = url.dropFirst(after).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.contains("@") else { return nil }
        if authority.hasPrefix("[") { return authority.firstIndex(of: "]").map { String(authority[...$0]) } }
        return String(authority.prefix { $0 != ":" })
    }
}
