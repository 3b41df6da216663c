import IntakeCore
import IntakeSystem

/// A session-local staging table a job's records are copied into, batch by
/// batch, before one `INSERT … SELECT … ON CONFLICT` moves them into the
/// type's table.
///
/// The usual one, `intake_stage_TYPE`, stores every column `PLAIN`: it has
/// no TOAST table, so the `TRUNCATE` that empties it before each batch does
/// not also truncate a TOAST table and rebuild its index (measured on
/// PostgreSQL 15: 0.65 instead of 2.7 ms, ×490 batches per million rows). A
/// `PLAIN` row must fit in a page, so a batch holding a row whose binary COPY
/// form exceeds ``narrowRowLimit`` goes to `intake_stage_wide_TYPE` instead,
/// made like the type's table (TOAST and all) on first use.
package struct PostgresStaging {
    /// The largest binary COPY row the `PLAIN` table takes: a heap tuple must
    /// fit in 8,160 bytes, and its header, null bitmap and alignment add at
    /// most 24 + 2 + 7 per column to the COPY form's own 2 + 4 per column.
    package static let narrowRowLimit = 7_900

    /// The table's name (in `pg_temp`).
    package let name: String
    /// `COPY … FROM STDIN (FORMAT binary)` of `stage_row` and the store's columns.
    package let copy: String
    /// The upsert of the staged rows, returning the ids it stored.
    package let upsert: String
    /// What makes the table when it is missing.
    package let ddl: String
    /// The table holds rows copied earlier in this transaction.
    package var filled = false
    /// The table is known to exist in this transaction.
    package var made: Bool

    /// The staging table of `schema`'s type in `store` (a quoted schema name), `wide` or not.
    package init(store: String, schema: RecordSchema, wide: Bool) {
        let type = schema.type.name
        let table = "\(store).\(type)"
        name = (wide ? "intake_stage_wide_" : "intake_stage_") + type
        let names = schema.storeColumns
        let id = names[schema.idField]
        let list = names.joined(separator: ", ")
        copy = "COPY \(name) (stage_row, \(list)) FROM STDIN (FORMAT binary)"
        let updates = names.filter { $0 != id }.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
        upsert = """
            INSERT INTO \(table) (\(list)) SELECT \(list) FROM \(name)
            ON CONFLICT (\(id)) DO UPDATE SET \(updates) WHERE \(table).job_seq <> EXCLUDED.job_seq
            RETURNING \(id)
            """
        let create = "CREATE TEMP TABLE IF NOT EXISTS \(name) (stage_row INTEGER NOT NULL, LIKE "
        if wide {
            ddl = create + "\(table)) ON COMMIT DELETE ROWS"
            made = false
        } else {
            // PostgreSQL 15 has no STORAGE in CREATE TABLE: a template altered to PLAIN lends its storage through LIKE.
            let template = "intake_stage_template_" + type
            let plain = names.map { "ALTER COLUMN \($0) SET STORAGE PLAIN" }.joined(separator: ", ")
            ddl = """
                DO $intake$ BEGIN IF to_regclass('pg_temp.\(name)') IS NULL THEN
                CREATE TEMP TABLE \(template) (LIKE \(table)); ALTER TABLE \(template) \(plain);
                \(create)\(template) INCLUDING STORAGE) ON COMMIT DELETE ROWS; DROP TABLE \(template);
                END IF; END $intake$
                """
            made = true  // by the job's first round trip (PostgresStore.beginImport)
        }
    }

    /// The query string of one batch: the table emptied of the last batch's
    /// rows, this batch's COPY, then the upsert (prepared on the connection,
    /// the table made first if need be): two round trips in all, one to start
    /// the COPY and one to end it and have the upsert's result.
    package mutating func batchSQL(on connection: PostgresConnection) throws -> String {
        if !made {
            try connection.execute(ddl)
            made = true
        }
        let execute = "EXECUTE " + (try connection.preparedName(upsert))
        defer { filled = true }
        return filled ? "TRUNCATE \(name); \(copy); \(execute)" : "\(copy); \(execute)"
    }
}
