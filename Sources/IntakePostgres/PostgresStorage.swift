import IntakeCore
import IntakeSystem
/// PostgreSQL mode: one database for the catalogue (`intake.jobs`), every
/// workspace's store (schema `ws_WORKSPACE`) and the locks (advisory locks,
/// holders in `intake.locks`), shared by every host of a deployment. No file
/// of the root holds data; each open is a connection of its own.
public struct PostgresStorage: Storage {
    package let url: String
    /// The webhooks a job that ends owes a delivery to.
    package let webhooks: WebhookPlan

    public init(url: String, webhooks: WebhookPlan = WebhookPlan()) {
        self.url = url
        self.webhooks = webhooks
    }

    public var name: String { PostgresURL.redacted(url) }
    public var locks: any WorkspaceLocks { AdvisoryLocks(url: url) }
    public var usesRootFiles: Bool { false }

    public func openCatalogue() throws -> any JobCatalogue {
        try PostgresCatalogue(connection: PostgresConnection(url: url), webhooks: webhooks)
    }

    /// The store's connection also makes sure the catalogue schema exists (the
    /// lock's holder table lives there).
    public func openStore(_ workspace: String) throws -> any RecordStore {
        let connection = try PostgresConnection(url: url)
        try PostgresSchema.migrate("intake", migrations: PostgresSchema.catalogueMigrations, searchPath: nil, on: connection)
        return try PostgresStore(connection: connection, workspace: workspace)
    }

    public func hasStore(_ workspace: String) throws -> Bool {
        try storedWorkspaces().contains(workspace)
    }

    public func storedWorkspaces() throws -> [String] {
        let connection = try PostgresConnection(url: url)
        try PostgresSchema.migrate("intake", migrations: PostgresSchema.catalogueMigrations, searchPath: nil, on: connection)
        let rows = try connection.query("SELECT substr(name, 4) FROM intake.schema_versions WHERE name LIKE 'ws\\_%' ORDER BY 1")
        return (0..<rows.count).compactMap { rows.text($0, 0) }
    }

    public func eraseStore(_ workspace: String, dryRun: Bool) throws -> [String] {
        guard try hasStore(workspace) else { return [] }
        let schema = PostgresSchema.storeSchema(workspace)
        if !dryRun {
            let connection = try PostgresConnection(url: url)
            try connection.execute("BEGIN")
            do {
                try connection.execute("DROP SCHEMA IF EXISTS \(PostgresSchema.quoted(schema)) CASCADE")
                _ = try connection.query("DELETE FROM intake.schema_versions WHERE name = $1", [schema])
                try connection.execute("COMMIT")
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
        return ["schema \(schema) in \(name)"]
    }
}
