import Foundation
import IntakeCore
import IntakePostgres
import IntakeSQLite
import IntakeSystem

/// `intake migrate ROOT --to URL`: copies a root's SQLite catalogue and stores
/// into a PostgreSQL database. Idempotent and resumable: each applied job is
/// copied in one transaction (its `applied_jobs` row, its records and its
/// entries together, with the same sequence and entry keys), a job already in
/// the database is skipped, and catalogue rows are upserted. Verified by
/// counts at the end: every job, applied job, entry and record of the root is
/// in the database.
package struct PostgresMove {
    package let root: Root
    package let url: String
    /// Told each workspace as it is copied.
    package var progress: (String) -> Void = { _ in }

    /// A move of `root`'s SQLite files into the database at `url`.
    package init(root: Root, url: String) {
        self.root = root
        self.url = url
    }

    /// What was copied and what the final check counted.
    package struct Summary: Equatable {
        package var jobs = 0
        package var stores = 0
        package var copiedJobs = 0
        package var skippedJobs = 0
        package var entries = 0
        package var records = 0
    }

    package func run() throws -> Summary {
        let source = SQLiteStorage(root: root)
        let target = PostgresStorage(url: url)
        var summary = Summary()
        let catalogue = try SQLiteCatalogue(root: root)
        let jobs = try catalogue.jobs(limit: Int.max)
        let connection = try PostgresConnection(url: url)
        _ = try PostgresCatalogue(connection: connection)
        try copy(jobs, on: connection)
        summary.jobs = jobs.count
        try copyDeliveries(from: catalogue, on: connection)
        // The caller holds every workspace lock of the root (``MigrateGuard``).
        for workspace in source.storedWorkspaces() {
            progress(workspace)
            let from = try SQLiteStore(root: root, workspace: workspace)
            guard let to = try target.openStore(workspace) as? PostgresStore else { continue }
            try copyStore(from, to: to, summary: &summary)
            try verify(from, against: to)
            summary.stores += 1
        }
        let copied = try connection.query("SELECT count(*) FROM intake.jobs WHERE job_id = ANY($1::text[])",
                                          [PostgresSchema.textArray(jobs.map(\.jobID))]).int(0, 0) ?? 0
        guard copied == jobs.count else {
            throw StorageError("the database holds \(copied) of the root's \(jobs.count) jobs after the copy; run intake migrate again")
        }
        return summary
    }

    /// Upserts every catalogue row as it is, `hook_state` included (a finished
    /// job's hook is not owed again), in one transaction.
    private func copy(_ jobs: [JobRecord], on connection: PostgresConnection) throws {
        let names = JobRecord.columnNames
        let updates = names.filter { $0 != "job_id" }.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
        try connection.prepare("intake_move_job", """
            INSERT INTO intake.jobs (\(JobRecord.columns)) VALUES (\((1...names.count).map { "$\($0)" }.joined(separator: ",")))
            ON CONFLICT (job_id) DO UPDATE SET \(updates)
            """)
        try transaction(connection) {
            for job in jobs { _ = try connection.run(prepared: "intake_move_job", job.columnTexts + [job.hookState]) }
        }
    }

    private func copyStore(_ from: SQLiteStore, to: PostgresStore, summary: inout Summary) throws {
        let applied = try from.database.prepare("SELECT seq, job_id, type, applied_at FROM applied_jobs ORDER BY seq")
        while try applied.step() {
            let sequence = applied.int64(0)
            let job = applied.text(1) ?? ""
            if try to.appliedSequence(job: job) != nil {
                summary.skippedJobs += 1
                continue
            }
            try transaction(to.connection) {
                do {
                    _ = try to.connection.query(
                        "INSERT INTO \(to.schema).applied_jobs (seq, job_id, type, applied_at) VALUES ($1, $2, $3, $4)",
                        [String(sequence), job, applied.text(2), applied.text(3)])
                } catch let error as PostgresError where error.isUniqueViolation {
                    throw StorageError(
                        "the database's store of \(to.workspace) already holds another job with sequence \(sequence); migrate into a database of its own")
                }
                for type in ImportType.allCases {
                    let columns = type.schema.storeColumns
                    summary.records += try copyRows(
                        from: from, "SELECT \(columns.joined(separator: ", ")) FROM \(type.name) WHERE job_seq = ?1", bounds: [sequence],
                        to: to, "COPY \(to.schema).\(type.name) (\(columns.joined(separator: ", "))) FROM STDIN", width: columns.count)
                }
                let (first, last) = EntryKey.range(sequence: sequence)
                summary.entries += try copyRows(
                    from: from, "SELECT id, line, record_id, failed, issues FROM entries WHERE id BETWEEN ?1 AND ?2", bounds: [first, last],
                    to: to, "COPY \(to.schema).entries (id, line, record_id, failed, issues) FROM STDIN", width: 5)
            }
            summary.copiedJobs += 1
        }
        // New jobs continue after the copied sequences.
        _ = try to.connection.query("""
            SELECT setval(pg_get_serial_sequence('\(to.schema).applied_jobs', 'seq'),
                          greatest((SELECT max(seq) FROM \(to.schema).applied_jobs), 1))
            """)
    }

    /// Streams the rows of a SQLite query into a COPY, column by column as text.
    private func copyRows(
        from: SQLiteStore, _ select: String, bounds: [Int64], to: PostgresStore, _ copySQL: String, width: Int
    ) throws -> Int {
        let statement = try from.database.prepare(select)
        for (index, value) in bounds.enumerated() { try statement.bind(Int32(index + 1), value) }
        let copy = try to.connection.copyIn(copySQL)
        var rows = 0
        while try statement.step() {
            copy.append { buffer in
                for column in 0..<width {
                    if column > 0 { buffer.append(CopyText.fieldSeparator) }
                    CopyText.appendField(statement.isNull(Int32(column)) ? nil : statement.text(Int32(column)), to: &buffer)
                }
                buffer.append(CopyText.rowEnd)
            }
            rows += 1
        }
        _ = try copy.finish()
        return rows
    }

    /// The database's store must hold what the root's does, job by job.
    private func verify(_ from: SQLiteStore, against to: PostgresStore) throws {
        let expected = try from.audit()
        let found = try to.audit()
        for (sequence, job) in expected.jobs where found.jobs[sequence] != job {
            throw StorageError("job \(job) of \(to.workspace) is missing from the database after the copy; run intake migrate again")
        }
        for (sequence, count) in expected.entries where found.entries[sequence] != count {
            throw StorageError("\(to.workspace): \(found.entries[sequence] ?? 0) entries of job sequence \(sequence) in the database, \(count) in the root")
        }
        for (type, counts) in expected.records {
            for (sequence, count) in counts where found.records[type]?[sequence] != count {
                throw StorageError("\(to.workspace): \(found.records[type]?[sequence] ?? 0) \(type) records of job sequence \(sequence) in the database, \(count) in the root")
            }
        }
    }

    func transaction(_ connection: PostgresConnection, _ body: () throws -> Void) throws {
        try connection.execute("BEGIN")
        do {
            try body()
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

}
