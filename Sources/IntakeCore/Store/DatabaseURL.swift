/// Whether a configured `database` names PostgreSQL, by its scheme alone:
/// what the configuration reader and the commands need to tell the storage
/// modes apart without knowing a backend (parsing and redaction stay with it).
public enum DatabaseURL {
    /// True for `postgresql://…` and `postgres://…` (any case).
    public static func isPostgres(_ string: String) -> Bool {
        let lowered = string.prefix(13).lowercased()
        return lowered.hasPrefix("postgresql://") || lowered.hasPrefix("postgres://")
    }
}
