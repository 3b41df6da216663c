import IntakeCore
import IntakeSystem

extension ConfigurationReader {
    /// The keys of one webhook.
    package static let webhookKeys = ["url", "secret_file", "events", "timeout_seconds", "ca_file"]

    /// `webhooks`: a list of webhooks, each checked (spec section 3, "Webhooks").
    mutating func webhooks(_ node: ConfigurationJSON?, _ path: String) -> [Configuration.Webhook]? {
        guard let node else { return nil }
        guard case .array(let items) = node.value else {
            problem(path, node, "expected an array of webhooks, e.g. [{\"url\": \"https://…\", \"secret_file\": \"/etc/intake/acme.secret\"}], found \(node.kind)")
            return nil
        }
        return items.enumerated().compactMap { webhook($1, "\(path)[\($0)]") }
    }

    private mutating func webhook(_ node: ConfigurationJSON, _ path: String) -> Configuration.Webhook? {
        guard let keys = members(node, path: path, known: ConfigurationReader.webhookKeys) else { return nil }
        var valid = true
        var url = ""
        if let text = string(keys["url"], join(path, "url")), let urlNode = keys["url"] {
            url = text
            if !Configuration.isAllowedWebhookURL(text) {
                problem(join(path, "url"), urlNode, "\"\(text)\" must be an https:// URL (http:// only to a loopback address such as 127.0.0.1): a job's result never crosses a network unencrypted")
                valid = false
            }
        } else {
            if keys["url"] == nil { problem(join(path, "url"), node, "the key \"url\" is required") }
            valid = false
        }
        var secret: [UInt8] = []
        let secretPath = string(keys["secret_file"], join(path, "secret_file"))
        if let secretPath, let secretNode = keys["secret_file"] {
            do {
                secret = try FileSystem.readFile(secretPath, limit: 64 << 10)
                while let last = secret.last, last == 0x0A || last == 0x0D { secret.removeLast() }
                if secret.isEmpty {
                    problem(join(path, "secret_file"), secretNode, "\(secretPath) is empty: write the shared secret into it (e.g. `openssl rand -hex 32 > \(secretPath)`)")
                    valid = false
                }
            } catch {
                problem(join(path, "secret_file"), secretNode, "cannot read \(secretPath): \(error); the daemon's user must be able to read the secret")
                valid = false
            }
        } else {
            if keys["secret_file"] == nil { problem(join(path, "secret_file"), node, "the key \"secret_file\" is required: every delivery is signed") }
            valid = false
        }
        var webhook = Configuration.Webhook(url: url, secretFile: secretPath ?? "", secret: secret)
        if let eventsNode = keys["events"], let names = strings(eventsNode, join(path, "events")) {
            let known = WebhookEvent.allCases.map(\.rawValue)
            var events = Set<WebhookEvent>()
            for (i, name) in names.enumerated() {
                if let event = WebhookEvent(rawValue: name) {
                    events.insert(event)
                } else {
                    problem("\(join(path, "events"))[\(i)]", eventsNode, "unknown event \"\(name)\"" + NearestName.hint(name, among: known, quote: "\"") + "; the events are " + known.joined(separator: ", "))
                    valid = false
                }
            }
            webhook.events = events
        }
        webhook.timeoutSeconds = seconds(keys["timeout_seconds"], join(path, "timeout_seconds")) ?? webhook.timeoutSeconds
        if let caNode = keys["ca_file"], let ca = string(caNode, join(path, "ca_file")) {
            if FileSystem.exists(ca) {
                webhook.caFile = ca
            } else {
                problem(join(path, "ca_file"), caNode, "no file \(ca): name a PEM file of CA certificates, or remove the key to use the system's CAs")
                valid = false
            }
        }
        return valid ? webhook : nil
    }
}
