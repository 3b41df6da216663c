import Foundation
import IntakeCore
import IntakeSystem

/// `intake.json`: every key optional but `workspaces`.
public struct Configuration: Equatable, Sendable {
    /// Seconds a file must stay unchanged before it is taken.
    public var settleSeconds: Double = 2
    /// Seconds between full rescans of the inbox (`watch`).
    public var rescanSeconds: Double = 30
    /// Workspaces processed at once. 4 on a 2-core machine: a small job
    /// waits on the disk for most of its time, so more workspaces in flight
    /// than cores keep both busy (docs/performance.md, "Small files").
    public var workers: Int = 4
    /// Seconds `watch` waits for running jobs at shutdown.
    public var shutdownSeconds: Double = 30
    /// Larger drops fail without being read.
    public var maxFileBytes: Int64 = 2_147_483_648
    /// Interrupted runs of one job before it goes to `failed/`.
    public var maxAttempts: Int = 3
    /// Mode of outbox files, masked by the original's mode.
    public var outboxMode: UInt32 = 0o640
    /// Seconds a database call waits for another process's write lock before
    /// the job is treated as an infrastructure fault.
    public var busyTimeoutSeconds: Double = 10
    /// The hook run when a job ends (`on_job_end`: a program's absolute path
    /// and its arguments), unless the job's workspace has its own; nil for none.
    public var onJobEnd: [String]?
    /// Seconds a hook may run before it and every process it started are killed.
    public var hookTimeoutSeconds: Double = 30
    /// Hooks run at once, whatever the number of workspaces or drops; the
    /// others wait, owed, in the catalogue.
    public var hookConcurrency: Int = 4
    /// The PostgreSQL database of a deployment (`database`, or
    /// `INTAKE_DATABASE_URL`, which wins); nil for the embedded SQLite files.
    public var database: String?
    /// Configured workspaces by id.
    public var workspaces: [String: Workspace] = [:]
    /// `intake serve`'s address and TLS files (`serve`).
    public var serve = ServeSettings()
    /// The SHA-256 of each token that sees every workspace (`admin_tokens`, `sha256:HEX`).
    public var adminTokens: [String] = []
    /// The webhooks notified when a job ends, unless the job's workspace has its own.
    public var webhooks: [Webhook] = []
    /// Webhook deliveries in flight at once in one process.
    public var webhookConcurrency: Int = 4
    /// Seconds a delivery is retried before it is `dead`.
    public var webhookMaxAgeSeconds: Double = 86_400

    /// One customer workspace.
    public struct Workspace: Equatable, Sendable {
        /// Granted permissions (spec section 2).
        public var permissions: Set<String>
        /// How documents of each type are read, where not the defaults.
        public var inputs: [ImportType: InputSettings] = [:]
        /// This workspace's settle window, where it differs from the root's
        /// (a customer on a slow link).
        public var settleSeconds: Double?
        /// The group (gid) whose members, the workspace's SFTP customers, read
        /// its outbox: the folder and every file get it, with group read.
        public var customerGroup: UInt32?
        /// This workspace's hook, which wins over the top-level one.
        public var onJobEnd: [String]?
        /// The SHA-256 of each token that sees this workspace only (`api_tokens`, `sha256:HEX`).
        public var apiTokens: [String] = []
        /// What OpenPGP this workspace requires of its drops and its reports (`openpgp`).
        public var openPGP = OpenPGPPolicy()
        /// This workspace's webhooks, which win over the top-level ones (nil: the top-level ones).
        public var webhooks: [Webhook]?

        /// A workspace with these permissions.
        public init(permissions: Set<String>, inputs: [ImportType: InputSettings] = [:]) {
            self.permissions = permissions
            self.inputs = inputs
        }

        /// Whether the workspace may import `type`.
        public func allows(_ type: ImportType) -> Bool { permissions.contains(type.permission) }

        /// How documents of `type` are read.
        public func settings(for type: ImportType) -> InputSettings { inputs[type] ?? InputSettings() }
    }

    /// The settle window for drops of `workspace` (its own, else the root's;
    /// the root's for drops that name no configured workspace).
    public func settleSeconds(for workspace: String?) -> Double {
        workspace.flatMap { workspaces[$0]?.settleSeconds } ?? settleSeconds
    }

    /// The mode of an outbox file of `workspace` for an original with
    /// `original` permission bits: `outbox_mode` masked by the original's mode
    /// (never wider than either), except that a workspace with a
    /// `customer_group` keeps group read from `outbox_mode` whatever the
    /// original's mode, so its customers read their reports.
    public func outboxMode(for workspace: String?, original: UInt32) -> UInt32 {
        var mode = outboxMode & original
        if workspace.flatMap({ workspaces[$0]?.customerGroup }) != nil { mode |= outboxMode & 0o040 }
        return mode
    }

    /// The hook for jobs of `workspace`: its own, else the top-level one (the
    /// top-level one for `_unrouted` and removed workspaces); nil for none.
    public func hook(for workspace: String) -> [String]? {
        workspaces[workspace]?.onJobEnd ?? onJobEnd
    }

    /// ``busyTimeoutSeconds`` for SQLite.
    public var busyTimeoutMilliseconds: Int32 { Int32(min(busyTimeoutSeconds * 1000, 3_600_000)) }

    /// An empty configuration with the defaults.
    public init() {}

    /// Reads and checks `ROOT/intake.json`. `INTAKE_DATABASE_URL` in
    /// `environment`, when set, wins over the file's `database` (so a password
    /// need not sit in the file).
    public static func load(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> Configuration {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readFile(path, limit: 4 << 20)
        } catch {
            throw ConfigurationError(path: path, message: "cannot read it: \(error)")
        }
        var configuration = try parse(Data(bytes), path: path)
        if let url = environment[Configuration.databaseVariable], !url.isEmpty {
            guard DatabaseURL.isPostgres(url) else {
                throw ConfigurationError(
                    path: path, message: "\(Configuration.databaseVariable) must be a PostgreSQL URL such as postgresql://intake@db.internal/intake (unset it to use the file's setting)")
            }
            configuration.database = url
        }
        try configuration.checkDatabaseMode(path: path)
        return configuration
    }

    /// The environment variable that names the database and wins over `database`.
    public static let databaseVariable = "INTAKE_DATABASE_URL"

    /// The longest workspace id in PostgreSQL mode: `ws_` and the id must fit
    /// PostgreSQL's 63-byte names.
    public static let longestPostgresWorkspace = 60

    /// The ids of `workspaces` too long for PostgreSQL mode, sorted.
    package static func tooLongForPostgres(_ workspaces: some Sequence<String>) -> [String] {
        workspaces.filter { $0.utf8.count > longestPostgresWorkspace }.sorted()
    }

    /// In PostgreSQL mode every workspace id must fit a schema name.
    package func checkDatabaseMode(path: String) throws(ConfigurationError) {
        guard database != nil else { return }
        let long = Configuration.tooLongForPostgres(workspaces.keys)
        guard long.isEmpty else {
            let problems = long.map {
                "workspaces.\($0): the id has \($0.utf8.count) characters; in PostgreSQL mode a workspace id has at most \(Configuration.longestPostgresWorkspace) (its schema is ws_ID and PostgreSQL names stop at 63 bytes): choose a shorter id"
            }
            throw ConfigurationError(path: path, message: problems.joined(separator: "; "), problems: problems)
        }
    }

    /// Parses configuration JSON strictly; `path` is only for messages. Unknown
    /// keys, wrong types and bad values are all reported at once, each with its
    /// key's path; a syntax error with its line and column.
    public static func parse(_ data: Data, path: String) throws(ConfigurationError) -> Configuration {
        let tree: ConfigurationJSON
        do {
            tree = try ConfigurationJSON.parse([UInt8](data))
        } catch {
            throw ConfigurationError(path: path, message: "not valid JSON: \(error.description)")
        }
        var reader = ConfigurationReader()
        let configuration = reader.read(tree)
        guard reader.problems.isEmpty else {
            throw ConfigurationError(path: path, message: reader.problems.joined(separator: "; "), problems: reader.problems)
        }
        return configuration
    }

    /// The JSON that `intake init` writes.
    public func json() -> String {
        var lines = [
            "{",
            "  \"settle_seconds\": \(format(settleSeconds)), \"rescan_seconds\": \(format(rescanSeconds)), \"workers\": \(workers),",
            "  \"shutdown_seconds\": \(format(shutdownSeconds)), \"max_file_bytes\": \(maxFileBytes), \"max_attempts\": \(maxAttempts),",
            "  \"outbox_mode\": \"0\(String(outboxMode, radix: 8))\", \"busy_timeout_seconds\": \(format(busyTimeoutSeconds)),",
            "  \"hook_timeout_seconds\": \(format(hookTimeoutSeconds)), \"hook_concurrency\": \(hookConcurrency),",
        ]
        if let onJobEnd { lines.append("  \"on_job_end\": \(Configuration.json(onJobEnd)),") }
        if let database { lines.append("  \"database\": \(JSONWriter.quoted(database)),") }
        if serve != ServeSettings() {
            let tls = [("tls_cert", serve.tlsCert), ("tls_key", serve.tlsKey)].compactMap { key, value in
                value.map { ", \"\(key)\": " + JSONWriter.quoted($0) }
            }.joined()
            let defaults = ServeSettings()
            let timeouts = (serve.idleTimeoutSeconds == defaults.idleTimeoutSeconds ? "" : ", \"idle_timeout_seconds\": \(serve.idleTimeoutSeconds)")
                + (serve.bodyTimeoutSeconds == defaults.bodyTimeoutSeconds ? "" : ", \"body_timeout_seconds\": \(format(serve.bodyTimeoutSeconds))")
            lines.append("  \"serve\": {\"listen\": \(JSONWriter.quoted(serve.listen.description))\(tls)\(timeouts)},")
        }
        if !adminTokens.isEmpty { lines.append("  \"admin_tokens\": \(Configuration.json(adminTokens)),") }
        lines += webhookLines()
        lines.append("  \"workspaces\": {")
        let ids = workspaces.keys.sorted()
        for (i, id) in ids.enumerated() {
            let permissions = (workspaces[id]?.permissions ?? []).sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            let inputs = workspaces[id]?.inputs ?? [:]
            var types = ""
            if !inputs.isEmpty {
                let entries = inputs.keys.sorted { $0.name < $1.name }.map { type in
                    JSONWriter.quoted(type.name) + ": " + Configuration.json(inputs[type] ?? InputSettings())
                }
                types = ", \"types\": {" + entries.joined(separator: ", ") + "}"
            }
            let settle = (workspaces[id]?.settleSeconds.map { ", \"settle_seconds\": \(format($0))" } ?? "")
                + (workspaces[id]?.customerGroup.map { ", \"customer_group\": \($0)" } ?? "")
                + (workspaces[id]?.onJobEnd.map { ", \"on_job_end\": " + Configuration.json($0) } ?? "")
            let tokens = workspaces[id]?.apiTokens ?? []
            let apiTokens: String = tokens.isEmpty ? "" : ", \"api_tokens\": " + Configuration.json(tokens)
            let openPGP = (workspaces[id].flatMap { $0.openPGP == OpenPGPPolicy() ? nil : ", \"openpgp\": " + Configuration.json($0.openPGP) } ?? "")
            let webhooks = workspaces[id]?.webhooks.map { ", \"webhooks\": " + Configuration.json($0) } ?? ""
            lines.append("    \"\(id)\": {\"permissions\": [\(permissions)]\(settle)\(openPGP)\(webhooks)\(apiTokens)\(types)}" + (i + 1 < ids.count ? "," : ""))
        }
        lines += ["  }", "}", ""]
        return lines.joined(separator: "\n")
    }

    private static func json(_ command: [String]) -> String {
        "[" + command.map(JSONWriter.quoted).joined(separator: ", ") + "]"
    }

    /// One workspace's entry as `intake init` writes it: `"id": {…}`.
    package static func json(workspace id: String, _ workspace: Workspace) -> String {
        let permissions = workspace.permissions.sorted().map(JSONWriter.quoted).joined(separator: ", ")
        return JSONWriter.quoted(id) + ": {\"permissions\": [" + permissions + "]}"
    }

    private static func json(_ policy: OpenPGPPolicy) -> String {
        "{\"require_encryption\": \(policy.requireEncryption), \"require_signature\": \(policy.requireSignature), \"signers\": "
            + json(policy.signers)
            + (policy.encryptReportsTo.map { ", \"encrypt_reports_to\": " + JSONWriter.quoted($0) } ?? "") + "}"
    }

    private static func json(_ settings: InputSettings) -> String {
        let aliases = settings.columnAliases.keys.sorted().map { JSONWriter.quoted($0) + ": " + JSONWriter.quoted(settings.columnAliases[$0] ?? "") }
        return "{\"encoding\": " + JSONWriter.quoted(settings.encoding.rawValue)
            + ", \"decimal_comma\": \(settings.decimalComma), \"all_or_nothing\": \(settings.allOrNothing)"
            + ", \"date_format\": " + JSONWriter.quoted(settings.dateFormat.rawValue)
            + (settings.thousandsSeparator.map { ", \"thousands_separator\": " + JSONWriter.quoted($0.rawValue) } ?? "")
            + ", \"column_aliases\": {" + aliases.joined(separator: ", ") + "}}"
    }

    private func format(_ value: Double) -> String { ConfigurationLimits.plain(value) }
}

/// `intake.json` could not be used.
public struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The configuration file.
    public let path: String
    /// What is wrong, for a person.
    public let message: String
    /// Each mistake on its own (`intake check` prints one per line); one
    /// element, the message, when there is a single cause.
    public let problems: [String]

    /// An error about the file at `path`.
    public init(path: String, message: String, problems: [String]? = nil) {
        self.path = path
        self.message = message
        self.problems = problems ?? [message]
    }

    public var description: String { "\(path): \(message); fix the file and run again" }
}
