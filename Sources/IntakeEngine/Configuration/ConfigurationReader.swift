import IntakeCore
import IntakeSystem

/// Reads a parsed `intake.json` strictly into a ``Configuration``: every key
/// at every level must be known, and every value of the expected type. All
/// problems are gathered, each naming its key's path (`workspaces.acme.types`)
/// and, for an unknown key, the nearest known one, so one run of `intake
/// check` lists every mistake of the file.
package struct ConfigurationReader {
    /// The top-level keys (spec section 3).
    package static let topKeys = [
        "settle_seconds", "rescan_seconds", "workers", "shutdown_seconds", "max_file_bytes", "max_attempts",
        "outbox_mode", "busy_timeout_seconds", "on_job_end", "hook_timeout_seconds", "hook_concurrency", "database", "workspaces",
        "serve", "admin_tokens", "webhooks", "webhook_concurrency", "webhook_max_age_seconds",
    ]
    /// The keys of one workspace.
    package static let workspaceKeys = [
        "permissions", "settle_seconds", "customer_group", "on_job_end", "types", "api_tokens", "openpgp", "webhooks",
    ]
    /// The keys of `serve`.
    package static let serveKeys = ["listen", "tls_cert", "tls_key", "idle_timeout_seconds", "body_timeout_seconds"]
    /// The keys of a workspace's `openpgp`.
    package static let openPGPKeys = ["require_encryption", "require_signature", "signers", "encrypt_reports_to"]
    /// The keys of one type's input settings.
    package static let settingsKeys = [
        "encoding", "decimal_comma", "thousands_separator", "date_format", "column_aliases", "all_or_nothing",
    ]

    package private(set) var problems: [String] = []

    mutating func problem(_ path: String, _ node: ConfigurationJSON, _ message: String) {
        problems.append("`\(path)`: \(message) (line \(node.line))")
    }

    /// The object's members, reporting unknown keys; nil (reported) when `node` is no object.
    mutating func members(
        _ node: ConfigurationJSON, path: String, known: [String]?
    ) -> [String: ConfigurationJSON]? {
        guard case .object(let list) = node.value else {
            problem(path, node, "expected an object, found \(node.kind)")
            return nil
        }
        var out: [String: ConfigurationJSON] = [:]
        for member in list {
            if let known, !known.contains(member.key) {
                problem(join(path, member.key), member.value, "unknown key" + NearestName.hint(member.key, among: known))
                continue
            }
            out[member.key] = member.value
        }
        return out
    }

    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// A number of seconds within its key's range (``ConfigurationLimits``).
    mutating func seconds(_ node: ConfigurationJSON?, _ path: String) -> Double? {
        number(node, path, expected: "a number of seconds")
    }

    /// A whole number within its key's range (``ConfigurationLimits``).
    mutating func integer(_ node: ConfigurationJSON?, _ path: String) -> Int64? {
        number(node, path, expected: "a whole number").map { Int64($0) }
    }

    /// A number checked against the range of the key `path` ends with.
    private mutating func number(_ node: ConfigurationJSON?, _ path: String, expected: String) -> Double? {
        guard let node else { return nil }
        let key = String(path.split(separator: ".").last ?? Substring(path))
        guard let limits = ConfigurationLimits.byKey[key] else {
            preconditionFailure("every numeric key has limits in ConfigurationLimits; \(key) has none")
        }
        guard case .number(let text) = node.value else {
            problem(path, node, "expected \(expected), found \(node.kind)")
            return nil
        }
        switch limits.check(text) {
        case .success(let value):
            return value
        case .failure(.fraction):
            problem(path, node, "expected a whole number \(limits.range), not \(text)")
        case .failure(.outOfRange):
            problem(path, node, "must be \(limits.range)\(limits.whole ? "" : " seconds"), not \(text)")
        }
        return nil
    }

    mutating func string(_ node: ConfigurationJSON?, _ path: String) -> String? {
        guard let node else { return nil }
        guard case .string(let text) = node.value else {
            problem(path, node, "expected a string in double quotes, found \(node.kind)")
            return nil
        }
        return text
    }

    private mutating func bool(_ node: ConfigurationJSON?, _ path: String) -> Bool? {
        guard let node else { return nil }
        guard case .bool(let value) = node.value else {
            problem(path, node, "expected true or false, found \(node.kind)")
            return nil
        }
        return value
    }

    mutating func strings(_ node: ConfigurationJSON?, _ path: String) -> [String]? {
        guard let node else { return nil }
        guard case .array(let items) = node.value else {
            problem(path, node, "expected an array of strings, found \(node.kind)")
            return nil
        }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard let text = string(item, "\(path)[\(i)]") else { return nil }
            out.append(text)
        }
        return out
    }

    /// `on_job_end`: a program's absolute path and its arguments (no shell, no PATH lookup).
    private mutating func hook(_ node: ConfigurationJSON?, _ path: String) -> [String]? {
        guard let node, let command = strings(node, path) else { return nil }
        guard let program = command.first else {
            problem(path, node, "expected the program and its arguments, e.g. [\"/usr/local/bin/notify\", \"--quiet\"]; remove the key for no hook")
            return nil
        }
        guard program.hasPrefix("/") else {
            problem(path, node, "the program \"\(program)\" must be an absolute path: the hook runs without a shell and without PATH")
            return nil
        }
        return command
    }

    /// The whole file.
    package mutating func read(_ tree: ConfigurationJSON) -> Configuration {
        var c = Configuration()
        guard let top = members(tree, path: "", known: ConfigurationReader.topKeys) else { return c }
        c.settleSeconds = seconds(top["settle_seconds"], "settle_seconds") ?? c.settleSeconds
        c.rescanSeconds = seconds(top["rescan_seconds"], "rescan_seconds") ?? c.rescanSeconds
        c.shutdownSeconds = seconds(top["shutdown_seconds"], "shutdown_seconds") ?? c.shutdownSeconds
        c.busyTimeoutSeconds = seconds(top["busy_timeout_seconds"], "busy_timeout_seconds") ?? c.busyTimeoutSeconds
        c.hookTimeoutSeconds = seconds(top["hook_timeout_seconds"], "hook_timeout_seconds") ?? c.hookTimeoutSeconds
        c.workers = integer(top["workers"], "workers").map { Int(clamping: $0) } ?? c.workers
        c.hookConcurrency = integer(top["hook_concurrency"], "hook_concurrency").map { Int(clamping: $0) } ?? c.hookConcurrency
        c.maxFileBytes = integer(top["max_file_bytes"], "max_file_bytes") ?? c.maxFileBytes
        c.maxAttempts = integer(top["max_attempts"], "max_attempts").map { Int(clamping: $0) } ?? c.maxAttempts
        if let node = top["outbox_mode"], let text = string(node, "outbox_mode") {
            if let mode = UInt32(text, radix: 8), mode <= 0o777 {
                c.outboxMode = mode
            } else {
                problem("outbox_mode", node, "must be an octal mode such as \"0640\", not \"\(text)\"")
            }
        }
        c.onJobEnd = hook(top["on_job_end"], "on_job_end")
        c.webhooks = webhooks(top["webhooks"], "webhooks") ?? []
        c.webhookConcurrency = integer(top["webhook_concurrency"], "webhook_concurrency").map { Int(clamping: $0) } ?? c.webhookConcurrency
        c.webhookMaxAgeSeconds = seconds(top["webhook_max_age_seconds"], "webhook_max_age_seconds") ?? c.webhookMaxAgeSeconds
        if let node = top["database"], let url = string(node, "database") {
            if DatabaseURL.isPostgres(url) {
                c.database = url
            } else {
                problem("database", node, "must be a PostgreSQL URL such as \"postgresql://intake@db.internal/intake\" (remove the key to use the embedded SQLite files)")
            }
        }
        if let node = top["serve"] { c.serve = serve(node) }
        c.adminTokens = tokens(top["admin_tokens"], "admin_tokens")
        guard let node = top["workspaces"] else {
            problems.append("the key \"workspaces\" is required: {\"workspaces\": {\"acme\": {\"permissions\": [...]}}}")
            return c
        }
        for (id, workspace) in (members(node, path: "workspaces", known: nil) ?? [:]).sorted(by: { $0.key < $1.key }) {
            if let read = self.workspace(id, workspace) { c.workspaces[id] = read }
        }
        return c
    }

    /// A workspace's `openpgp`: booleans, and fingerprints of 40 hex digits (spaces allowed, as gpg prints them).
    private mutating func openPGP(_ node: ConfigurationJSON, path: String) -> OpenPGPPolicy? {
        guard let keys = members(node, path: path, known: ConfigurationReader.openPGPKeys) else { return nil }
        var policy = OpenPGPPolicy()
        policy.requireEncryption = bool(keys["require_encryption"], path + ".require_encryption") ?? false
        policy.requireSignature = bool(keys["require_signature"], path + ".require_signature") ?? false
        func fingerprint(_ text: String, _ at: String, _ item: ConfigurationJSON) -> String? {
            let hex = text.filter { $0 != " " }.uppercased()
            guard hex.count == 40, hex.allSatisfy(\.isHexDigit) else {
                problem(at, item, "\"\(text.prefix(64))\" is not a key fingerprint (40 hex digits, as `gpg --fingerprint` prints)")
                return nil
            }
            return hex
        }
        if let node = keys["signers"] {
            for (i, text) in (strings(node, path + ".signers") ?? []).enumerated() {
                if let hex = fingerprint(text, "\(path).signers[\(i)]", node) { policy.signers.append(hex) }
            }
        }
        if let node = keys["encrypt_reports_to"], let text = string(node, path + ".encrypt_reports_to") {
            policy.encryptReportsTo = fingerprint(text, path + ".encrypt_reports_to", node)
        }
        if policy.requireSignature && policy.signers.isEmpty {
            problem(path + ".require_signature", node, "require_signature needs the fingerprints of the keys that may sign in \"signers\"")
        }
        return policy
    }

    private mutating func workspace(_ id: String, _ node: ConfigurationJSON) -> Configuration.Workspace? {
        let path = "workspaces." + id
        guard WorkspaceName.isValid(id) else {
            problem(path, node, "\"\(id)\" is not a valid workspace id: use lowercase letters, digits, '-' and single '_', 2 to 63 characters")
            return nil
        }
        guard let keys = members(node, path: path, known: ConfigurationReader.workspaceKeys) else { return nil }
        let known = ImportType.allPermissions
        var permissions = Set<String>()
        for (i, permission) in (strings(keys["permissions"], path + ".permissions") ?? []).enumerated() {
            if known.contains(permission) {
                permissions.insert(permission)
            } else if let item = keys["permissions"] {
                problem("\(path).permissions[\(i)]", item, "unknown permission \"\(permission)\"" + NearestName.hint(permission, among: known, quote: "\""))
            }
        }
        var workspace = Configuration.Workspace(permissions: permissions)
        workspace.settleSeconds = seconds(keys["settle_seconds"], path + ".settle_seconds")
        workspace.onJobEnd = hook(keys["on_job_end"], path + ".on_job_end")
        workspace.apiTokens = tokens(keys["api_tokens"], path + ".api_tokens")
        if let node = keys["openpgp"], let policy = openPGP(node, path: path + ".openpgp") { workspace.openPGP = policy }
        workspace.webhooks = webhooks(keys["webhooks"], path + ".webhooks")
        if let group = keys["customer_group"] {
            var text: String?
            switch group.value {
            case .number: text = integer(group, path + ".customer_group").map { String($0) }
            case .string(let name): text = name
            default: problem(path + ".customer_group", group, "expected a group name or number, found \(group.kind)")
            }
            if let text {
                if let gid = UInt32(text) ?? FileSystem.groupID(named: text), gid < UInt32.max {
                    workspace.customerGroup = gid
                } else {
                    problem(path + ".customer_group", group, "no group \"\(text)\" on this machine; create it (groupadd) or name an existing group or gid")
                }
            }
        }
        if let types = keys["types"] {
            let names = ImportType.allCases.map(\.name)
            for (name, settings) in (members(types, path: path + ".types", known: nil) ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let type = ImportType(rawValue: name) else {
                    problem("\(path).types.\(name)", settings, "unknown type" + NearestName.hint(name, among: names))
                    continue
                }
                if let read = self.settings(settings, type: type, path: "\(path).types.\(name)") { workspace.inputs[type] = read }
            }
        }
        return workspace
    }

    private mutating func settings(_ node: ConfigurationJSON, type: ImportType, path: String) -> InputSettings? {
        guard let keys = members(node, path: path, known: ConfigurationReader.settingsKeys) else { return nil }
        var settings = InputSettings()
        if let node = keys["encoding"], let encoding = string(node, path + ".encoding") {
            if let known = TextEncoding(rawValue: encoding.lowercased()) {
                settings.encoding = known
            } else {
                problem(path + ".encoding", node, "unknown encoding \"\(encoding)\"; use one of " + TextEncoding.allCases.map(\.rawValue).joined(separator: ", "))
            }
        }
        settings.decimalComma = bool(keys["decimal_comma"], path + ".decimal_comma") ?? false
        settings.allOrNothing = bool(keys["all_or_nothing"], path + ".all_or_nothing") ?? false
        if let node = keys["date_format"], let format = string(node, path + ".date_format") {
            if let known = DateFormat(rawValue: format.uppercased()) {
                settings.dateFormat = known
            } else {
                problem(path + ".date_format", node, "unknown date format \"\(format)\"; use one of " + DateFormat.allCases.map(\.rawValue).joined(separator: ", "))
            }
        }
        if let node = keys["thousands_separator"], let separator = string(node, path + ".thousands_separator") {
            let decimal: ThousandsSeparator = settings.decimalComma ? .comma : .dot
            if let known = ThousandsSeparator(setting: separator), known != decimal {
                settings.thousandsSeparator = known
            } else if ThousandsSeparator(setting: separator) == nil {
                problem(path + ".thousands_separator", node, "\"\(separator)\" is not a thousands separator; use \" \" (space, also no-break spaces), \".\", \",\" or \"'\"")
            } else {
                problem(path + ".thousands_separator", node, "\"\(separator)\" is also the decimal separator (decimal_comma is \(settings.decimalComma)); use another separator\(settings.decimalComma ? "" : ", or set decimal_comma to true")")
            }
        }
        if let node = keys["column_aliases"] {
            for (alias, field) in (members(node, path: path + ".column_aliases", known: nil) ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let name = string(field, "\(path).column_aliases.\(alias)") else { continue }
                guard type.schema.index(of: name) != nil else {
                    problem("\(path).column_aliases.\(alias)", field, "\"\(name)\" is not a field of \(type.name)"
                            + NearestName.hint(name, among: type.schema.fields.map(\.name), quote: "\"") + " (see `intake types \(type.name)`)")
                    continue
                }
                settings.columnAliases[ColumnName.normalize(alias)] = name
            }
        }
        return settings
    }

    /// `serve`: `listen` (`HOST:PORT`), `tls_cert` with `tls_key` (both or neither),
    /// `idle_timeout_seconds` and `body_timeout_seconds`.
    private mutating func serve(_ node: ConfigurationJSON) -> ServeSettings {
        var settings = ServeSettings()
        guard let keys = members(node, path: "serve", known: ConfigurationReader.serveKeys) else { return settings }
        if let listen = keys["listen"], let text = string(listen, "serve.listen") {
            if let address = ServeSettings.Address(text) {
                settings.listen = address
            } else {
                problem("serve.listen", listen, "\"\(text)\" is not HOST:PORT with an IP address and a port 1-65535, e.g. \"127.0.0.1:8080\" or \"[::1]:8080\"")
            }
        }
        settings.tlsCert = string(keys["tls_cert"], "serve.tls_cert")
        settings.tlsKey = string(keys["tls_key"], "serve.tls_key")
        settings.idleTimeoutSeconds = integer(keys["idle_timeout_seconds"], "serve.idle_timeout_seconds").map { Int($0) }
            ?? settings.idleTimeoutSeconds
        settings.bodyTimeoutSeconds = seconds(keys["body_timeout_seconds"], "serve.body_timeout_seconds") ?? settings.bodyTimeoutSeconds
        if (settings.tlsCert == nil) != (settings.tlsKey == nil) {
            problem("serve", node, "tls_cert and tls_key go together: give both (HTTPS) or neither (HTTP)")
        }
        return settings
    }

    /// `admin_tokens` or `api_tokens`: `sha256:` and 64 lowercase hex digits each (made by `intake token`).
    private mutating func tokens(_ node: ConfigurationJSON?, _ path: String) -> [String] {
        guard let node, let list = strings(node, path) else { return [] }
        var out: [String] = []
        for (i, token) in list.enumerated() {
            if ServeSettings.isTokenHash(token) {
                out.append(token)
            } else {
                problem("\(path)[\(i)]", node, "expected \"sha256:\" and 64 lowercase hex digits (the hash `intake token` adds), never a token itself")
            }
        }
        return out
    }
}
