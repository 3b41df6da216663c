/// Where a deployment keeps its catalogue, its workspace stores and its
/// locks: the embedded SQLite files of one root (``SQLiteStorage``, the
/// default) or one PostgreSQL database shared by several hosts
/// (``PostgresStorage``, `database` in `intake.json` or
/// `INTAKE_DATABASE_URL`). Everything the engine and the commands store goes
/// through this.
public protocol Storage: Sendable {
    /// What it is, for messages (`ROOT/index.sqlite`, or the database's URL
    /// without its password).
    var name: String { get }
    /// The workspace locks.
    var locks: any WorkspaceLocks { get }
    /// Opens the job catalogue, creating and migrating it.
    func openCatalogue() throws -> any JobCatalogue
    /// Opens the store of `workspace`, creating and migrating it.
    func openStore(_ workspace: String) throws -> any RecordStore
    /// Whether `workspace` has a store (without creating one).
    func hasStore(_ workspace: String) throws -> Bool
    /// The workspaces that have a store.
    func storedWorkspaces() throws -> [String]
    /// Removes the store of `workspace` (`intake erase`, under its lock) and
    /// says what it removed; with `dryRun`, what it would remove.
    func eraseStore(_ workspace: String, dryRun: Bool) throws -> [String]
    /// Whether the root holds the embedded database's files and lock files
    /// (`index.sqlite`, `data/`, `locks/`).
    var usesRootFiles: Bool { get }
}
