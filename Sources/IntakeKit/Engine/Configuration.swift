import Foundation

/// `intake.json`: every key optional but `workspaces`.
public struct Configuration: Equatable, Sendable {
    /// Seconds a file must stay unchanged before it is taken.
    public var settleSeconds: Double = 2
    /// Seconds between full rescans of the inbox (`watch`).
    public var rescanSeconds: Double = 30
    /// Workspaces processed at once.
    public var workers: Int = 2
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
    /// Configured workspaces by id.
    public var workspaces: [String: Workspace] = [:]

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

    /// ``busyTimeoutSeconds`` for SQLite.
    public var busyTimeoutMilliseconds: Int32 { Int32(min(busyTimeoutSeconds * 1000, 3_600_000)) }

    /// An empty configuration with the defaults.
    public init() {}

    /// Reads and checks `ROOT/intake.json`.
    public static func load(path: String) throws(ConfigurationError) -> Configuration {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readFile(path, limit: 4 << 20)
        } catch {
            throw ConfigurationError(path: path, message: "cannot read it: \(error)")
        }
        return try parse(Data(bytes), path: path)
    }

    /// Parses configuration JSON; `path` is only for messages.
    public static func parse(_ data: Data, path: String) throws(ConfigurationError) -> Configuration {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw ConfigurationError(path: path, message: "not valid JSON: \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, _) {
            throw ConfigurationError(path: path, message: "the key \"\(key.stringValue)\" is required")
        } catch let DecodingError.typeMismatch(_, context) {
            let where_ = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw ConfigurationError(path: path, message: "\"\(where_)\" has the wrong type: \(context.debugDescription)")
        } catch {
            throw ConfigurationError(path: path, message: "cannot decode: \(error)")
        }
        return try file.configuration(path: path)
    }

    /// The JSON that `intake init` writes.
    public func json() -> String {
        var lines = [
            "{",
            "  \"settle_seconds\": \(format(settleSeconds)), \"rescan_seconds\": \(format(rescanSeconds)), \"workers\": \(workers),",
            "  \"shutdown_seconds\": \(format(shutdownSeconds)), \"max_file_bytes\": \(maxFileBytes), \"max_attempts\": \(maxAttempts),",
            "  \"outbox_mode\": \"0\(String(outboxMode, radix: 8))\", \"busy_timeout_seconds\": \(format(busyTimeoutSeconds)),",
            "  \"workspaces\": {",
        ]
        let ids = workspaces.keys.sorted()
        for (i, id) in ids.enumerated() {
            let permissions = (workspaces[id]?.permissions ?? []).sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            let inputs = workspaces[id]?.inputs ?? [:]
            var types = ""
            if !inputs.isEmpty {
                let entries = inputs.keys.sorted { $0.name < $1.name }.map { type in
                    JSONText.quoted(type.name) + ": " + Configuration.json(inputs[type] ?? InputSettings())
                }
                types = ", \"types\": {" + entries.joined(separator: ", ") + "}"
            }
            let settle = (workspaces[id]?.settleSeconds.map { ", \"settle_seconds\": \(format($0))" } ?? "")
                + (workspaces[id]?.customerGroup.map { ", \"customer_group\": \($0)" } ?? "")
            lines.append("    \"\(id)\": {\"permissions\": [\(permissions)]\(settle)\(types)}" + (i + 1 < ids.count ? "," : ""))
        }
        lines += ["  }", "}", ""]
        return lines.joined(separator: "\n")
    }

    private static func json(_ settings: InputSettings) -> String {
        let aliases = settings.columnAliases.keys.sorted().map { JSONText.quoted($0) + ": " + JSONText.quoted(settings.columnAliases[$0] ?? "") }
        return "{\"encoding\": " + JSONText.quoted(settings.encoding.rawValue)
            + ", \"decimal_comma\": \(settings.decimalComma), \"all_or_nothing\": \(settings.allOrNothing)"
            + ", \"date_format\": " + JSONText.quoted(settings.dateFormat.rawValue)
            + (settings.thousandsSeparator.map { ", \"thousands_separator\": " + JSONText.quoted($0.rawValue) } ?? "")
            + ", \"column_aliases\": {" + aliases.joined(separator: ", ") + "}}"
    }

    private func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    private struct File: Decodable {
        var settle_seconds: Double?
        var rescan_seconds: Double?
        var workers: Int?
        var shutdown_seconds: Double?
        var max_file_bytes: Int64?
        var max_attempts: Int?
        var outbox_mode: String?
        var busy_timeout_seconds: Double?
        var workspaces: [String: WorkspaceFile]

        struct WorkspaceFile: Decodable {
            var permissions: [String]?
            var settle_seconds: Double?
            var customer_group: GroupName?
            var types: [String: SettingsFile]?
        }

        /// A group by name (`"sftp-acme"`) or number (`1001` or `"1001"`).
        struct GroupName: Decodable {
            let text: String
            init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let number = try? container.decode(UInt32.self) {
                    text = String(number)
                } else {
                    text = try container.decode(String.self)
                }
            }
        }

        struct SettingsFile: Decodable {
            var encoding: String?
            var decimal_comma: Bool?
            var date_format: String?
            var thousands_separator: String?
            var column_aliases: [String: String]?
            var all_or_nothing: Bool?
        }

        static func settings(
            _ file: SettingsFile, type: ImportType, workspace id: String, path: String
        ) throws(ConfigurationError) -> InputSettings {
            let place = "workspace \"\(id)\", type \(type.name)"
            var settings = InputSettings()
            if let encoding = file.encoding {
                guard let known = TextEncoding(rawValue: encoding.lowercased()) else {
                    let names = TextEncoding.allCases.map(\.rawValue).joined(separator: ", ")
                    throw ConfigurationError(path: path, message: "\(place): unknown encoding \"\(encoding)\"; use one of \(names)")
                }
                settings.encoding = known
            }
            settings.decimalComma = file.decimal_comma ?? false
            let key = "workspaces.\(id).types.\(type.name)"
            if let format = file.date_format {
                guard let known = DateFormat(rawValue: format.uppercased()) else {
                    let names = DateFormat.allCases.map(\.rawValue).joined(separator: ", ")
                    throw ConfigurationError(path: path, message: "\(key).date_format: unknown date format \"\(format)\"; use one of \(names)")
                }
                settings.dateFormat = known
            }
            if let separator = file.thousands_separator {
                guard let known = ThousandsSeparator(setting: separator) else {
                    throw ConfigurationError(
                        path: path,
                        message: "\(key).thousands_separator: \"\(separator)\" is not a thousands separator; use \" \" (space, also no-break spaces), \".\", \",\" or \"'\"")
                }
                let decimal: ThousandsSeparator = settings.decimalComma ? .comma : .dot
                guard known != decimal else {
                    throw ConfigurationError(
                        path: path,
                        message: "\(key).thousands_separator: \"\(separator)\" is also the decimal separator (decimal_comma is \(settings.decimalComma)); use another separator\(settings.decimalComma ? "" : ", or set decimal_comma to true")")
                }
                settings.thousandsSeparator = known
            }
            settings.allOrNothing = file.all_or_nothing ?? false
            for (alias, field) in file.column_aliases ?? [:] {
                guard type.schema.index(of: field) != nil else {
                    throw ConfigurationError(
                        path: path,
                        message: "\(place): column alias \"\(alias)\" names \"\(field)\", which is not a field of \(type.name); see `intake types`")
                }
                settings.columnAliases[HeaderMapping.normalize(alias)] = field
            }
            return settings
        }

        func configuration(path: String) throws(ConfigurationError) -> Configuration {
            var c = Configuration()
            func positive(_ value: Double?, _ key: String, _ fallback: Double) throws(ConfigurationError) -> Double {
                guard let value else { return fallback }
                guard value >= 0, value.isFinite else {
                    throw ConfigurationError(path: path, message: "\"\(key)\" must be a number of seconds >= 0, not \(value)")
                }
                return value
            }
            c.settleSeconds = try positive(settle_seconds, "settle_seconds", c.settleSeconds)
            c.rescanSeconds = try positive(rescan_seconds, "rescan_seconds", c.rescanSeconds)
            c.shutdownSeconds = try positive(shutdown_seconds, "shutdown_seconds", c.shutdownSeconds)
            c.busyTimeoutSeconds = try positive(busy_timeout_seconds, "busy_timeout_seconds", c.busyTimeoutSeconds)
            if let workers {
                guard workers >= 1 else { throw ConfigurationError(path: path, message: "\"workers\" must be at least 1") }
                c.workers = workers
            }
            if let max_file_bytes {
                guard max_file_bytes > 0 else { throw ConfigurationError(path: path, message: "\"max_file_bytes\" must be positive") }
                c.maxFileBytes = max_file_bytes
            }
            if let max_attempts {
                guard max_attempts >= 1 else { throw ConfigurationError(path: path, message: "\"max_attempts\" must be at least 1") }
                c.maxAttempts = max_attempts
            }
            if let outbox_mode {
                guard let mode = UInt32(outbox_mode, radix: 8), mode <= 0o777 else {
                    throw ConfigurationError(path: path, message: "\"outbox_mode\" must be an octal mode such as \"0640\", not \"\(outbox_mode)\"")
                }
                c.outboxMode = mode
            }
            let known = Set(ImportType.allPermissions)
            for (id, workspace) in workspaces {
                guard WorkspaceName.isValid(id) else {
                    throw ConfigurationError(
                        path: path,
                        message: "workspace \"\(id)\" is not a valid id: use lowercase letters, digits, '-' and single '_', 2 to 63 characters")
                }
                let permissions = workspace.permissions ?? []
                if let unknown = permissions.first(where: { !known.contains($0) }) {
                    throw ConfigurationError(
                        path: path,
                        message: "workspace \"\(id)\": unknown permission \"\(unknown)\"; known: \(known.sorted().joined(separator: ", "))")
                }
                var inputs: [ImportType: InputSettings] = [:]
                for (name, settings) in workspace.types ?? [:] {
                    guard let type = ImportType(rawValue: name) else {
                        throw ConfigurationError(
                            path: path,
                            message: "workspace \"\(id)\": unknown type \"\(name)\" under types; known: \(ImportType.allCases.map(\.name).joined(separator: ", "))")
                    }
                    inputs[type] = try File.settings(settings, type: type, workspace: id, path: path)
                }
                c.workspaces[id] = Workspace(permissions: Set(permissions), inputs: inputs)
                if let settle = workspace.settle_seconds {
                    c.workspaces[id]?.settleSeconds = try positive(settle, "workspaces.\(id).settle_seconds", settle)
                }
                if let group = workspace.customer_group {
                    guard let gid = UInt32(group.text) ?? FileSystem.groupID(named: group.text) else {
                        throw ConfigurationError(
                            path: path,
                            message: "workspaces.\(id).customer_group: no group \"\(group.text)\" on this machine; create it (groupadd) or name an existing group or gid")
                    }
                    c.workspaces[id]?.customerGroup = gid
                }
            }
            return c
        }
    }
}

/// `intake.json` could not be used.
public struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The configuration file.
    public let path: String
    /// What is wrong, for a person.
    public let message: String

    public var description: String { "\(path): \(message); fix the file and run again" }
}
