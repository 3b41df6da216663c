import IntakeCore
import IntakeSystem
/// The named, frozen steps of the catalogue (`index.sqlite`), in release
/// order. Never edit a released step: add one (see ``SchemaMigrations``).
extension SQLiteCatalogue {
    package static let migrations: SchemaMigrations = {
        var migrator = SchemaMigrations()
        migrator.register("v1-jobs", sql: """
            CREATE TABLE jobs (
                job_id TEXT PRIMARY KEY NOT NULL,
                workspace TEXT NOT NULL,
                type TEXT,
                status TEXT NOT NULL,
                source_name TEXT NOT NULL,
                source_format TEXT,
                source_bytes INTEGER,
                sha256 TEXT,
                queued_at TEXT NOT NULL,
                started_at TEXT,
                finished_at TEXT,
                total INTEGER NOT NULL DEFAULT 0,
                processed INTEGER NOT NULL DEFAULT 0,
                succeeded INTEGER NOT NULL DEFAULT 0,
                failed INTEGER NOT NULL DEFAULT 0,
                warnings INTEGER NOT NULL DEFAULT 0,
                attempts INTEGER NOT NULL DEFAULT 0,
                error TEXT,
                work_name TEXT
            );
            CREATE INDEX jobs_by_queued ON jobs(queued_at);
            CREATE INDEX jobs_by_workspace ON jobs(workspace, queued_at);
            CREATE INDEX jobs_by_status ON jobs(status, queued_at);
            CREATE INDEX jobs_by_content ON jobs(workspace, type, sha256) WHERE status = 'DONE';
            """)
        migrator.register("v2-update-payments", sql: "ALTER TABLE jobs ADD COLUMN update_payments INTEGER;")
        // `retry_of` (the job an `intake retry` imported again) and `hook_state` (the
        // `on_job_end` hook owed for a finished job: NULL for none, 'pending', 'running:TIME'
        // while a process runs it, then 'done', 'failed' or 'none'). Jobs from before owe no hook.
        migrator.register("v3-hook-state", sql: """
            ALTER TABLE jobs ADD COLUMN retry_of TEXT;
            ALTER TABLE jobs ADD COLUMN hook_state TEXT;
            CREATE INDEX jobs_by_hook ON jobs(hook_state) WHERE hook_state IS NOT NULL AND hook_state NOT IN ('done', 'failed', 'none');
            """)
        // A layered drop's layers (`openpgp,gzip`, outermost first) and the
        // SHA-256 of the document inside them (spec section 2, "Layered drops").
        migrator.register("v4-source-layers", sql: """
            ALTER TABLE jobs ADD COLUMN source_layers TEXT;
            ALTER TABLE jobs ADD COLUMN content_sha256 TEXT;
            """)
        // `webhook_deliveries`: one row per notice owed to a webhook for a finished job
        // (spec section 3, "Webhooks"), written in the same transaction as the job's end state.
        migrator.register("v5-webhook-deliveries", sql: """
            CREATE TABLE webhook_deliveries (
                delivery_id TEXT PRIMARY KEY NOT NULL,
                job_id TEXT NOT NULL,
                workspace TEXT NOT NULL,
                event TEXT NOT NULL,
                url TEXT NOT NULL,
                state TEXT NOT NULL,
                created_at TEXT NOT NULL,
                pending_since TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at TEXT NOT NULL,
                last_status INTEGER,
                last_error TEXT,
                finished_at TEXT
            );
            CREATE UNIQUE INDEX webhook_deliveries_by_job ON webhook_deliveries(job_id, url);
            CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE state = 'pending';
            CREATE INDEX webhook_deliveries_by_created ON webhook_deliveries(created_at);
            """)
        return migrator
    }()
}
