import IntakeCore
import IntakeEngine
import IntakeFormats
import IntakeOpenPGP
import IntakeHTTP
import IntakePostgres
import IntakeSQLite
import IntakeSystem

/// The one place that names the backends and the formats: what every
/// command hands the engine (``Drivers``).
extension Drivers {
    /// SQLite files in the root, or the PostgreSQL database `database` names;
    /// every format and layer of IntakeFormats, OpenPGP (IntakeOpenPGP: `.pgp` drops and
    /// `encrypt_reports_to`); webhooks sent on libcurl (IntakeHTTP).
    public static let standard = Drivers(
        storage: { configuration, root in configuration.storage(for: root) },
        handlers: .everything,
        webhooks: { root, logger in
            WebhookDispatcher(root: root, logger: logger, storage: { configuration, root in configuration.storage(for: root) })
        },
        reports: OpenPGPReports())
}

extension DocumentHandlers {
    /// Every format and layer this build reads: IntakeFormats' handlers, gzip
    /// and zip, and OpenPGP (IntakeOpenPGP). What every command routes drops with.
    static let everything = DocumentHandlers.standard.adding(layers: [OpenPGPLayer()])
}

extension Configuration {
    /// Where this deployment stores its catalogue, stores and locks: the
    /// PostgreSQL database `database` names, else the root's SQLite files. Its
    /// catalogue owes the webhook deliveries of jobs that end (``webhookPlan``).
    public func storage(for root: Root) -> any Storage {
        if let database { return PostgresStorage(url: database, webhooks: webhookPlan) }
        return SQLiteStorage(root: root, busyTimeoutMilliseconds: busyTimeoutMilliseconds, webhooks: webhookPlan)
    }
}
