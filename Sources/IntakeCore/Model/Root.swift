import IntakeSystem
/// The folders and files of an Intake root (spec section 3). Only paths: no I/O
/// beyond ``createFolders()`` and ``checkOneFilesystem()``.
public struct Root: Sendable {
    /// The root folder.
    public let path: String

    /// The reserved name for drops that name no configured workspace.
    public static let unrouted = "_unrouted"

    /// A root at `path` (trailing slashes ignored).
    public init(_ path: String) {
        var p = path
        while p.count > 1, p.hasSuffix("/") { p.removeLast() }
        self.path = p
    }

    public var configuration: String { path + "/intake.json" }
    public var inbox: String { path + "/inbox" }
    public var work: String { path + "/work" }
    public var outbox: String { path + "/outbox" }
    public var archive: String { path + "/archive" }
    public var failed: String { path + "/failed" }
    public var locks: String { path + "/locks" }
    public var data: String { path + "/data" }
    public var catalogue: String { path + "/index.sqlite" }
    public var metrics: String { path + "/metrics.prom" }
    /// The GnuPG home for OpenPGP drops (mode 0700; `intake keys`).
    public var keys: String { path + "/keys" }
    /// Where `intake migrate` moves the SQLite files (`index.sqlite*`, `data/`,
    /// `locks/`) once the database holds everything: laid out as a root of its
    /// own (``Root/sqliteLeftovers``).
    public var migratedSQLite: String { path + "/migrated-sqlite" }
    /// The moved SQLite files as a root, to open their catalogue and stores.
    public var sqliteLeftovers: Root { Root(migratedSQLite) }

    public func work(_ workspace: String) -> String { work + "/" + workspace }
    public func outbox(_ workspace: String) -> String { outbox + "/" + workspace }
    public func failed(_ workspace: String) -> String { failed + "/" + workspace }
    public func archive(_ workspace: String, day: String) -> String { archive + "/" + workspace + "/" + day }
    public func lock(_ workspace: String) -> String { locks + "/" + workspace + ".lock" }
    public func store(_ workspace: String) -> String { data + "/" + workspace + ".sqlite" }
}
