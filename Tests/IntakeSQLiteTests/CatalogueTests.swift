import Foundation
import Synchronization
import IntakeKit
import Testing
import IntakeTestSupport

@Suite struct CatalogueTests {
    @Test func schemaIsVersionedAndReopenedWithoutRebuilding() throws {
        let root = try TemporaryRoot()
        let catalogue = try SQLiteCatalogue(root: root.root)
        let job = JobRecord(jobID: "20261123T000000000-00000001", workspace: "acme", apiType: "trustpair/payments_import",
                            status: .queued, sourceName: "a.csv", queuedAt: Timestamp(milliseconds: 1_795_000_000_000))
        try catalogue.save(job)
        let reopened = try SQLiteCatalogue(root: root.root)
        #expect(try reopened.job(job.jobID) == job)
        let database = try Database(path: root.root.catalogue)
        #expect(try database.userVersion() == 5, "version 2 adds update_payments, 3 retry_of and hook_state, 4 source_layers and content_sha256, 5 webhook_deliveries")
        let mode = try database.prepare("PRAGMA journal_mode")
        #expect(try mode.step())
        #expect(mode.text(0) == "wal")
    }

    @Test func aVersion2CatalogueMigratesWithNoHookOwedForItsOldJobs() throws {
        let root = try TemporaryRoot()
        let old = try Database(path: root.root.catalogue)
        try old.execute("""
            CREATE TABLE jobs (job_id TEXT PRIMARY KEY NOT NULL, workspace TEXT NOT NULL, type TEXT, status TEXT NOT NULL,
                source_name TEXT NOT NULL, source_format TEXT, source_bytes INTEGER, sha256 TEXT, queued_at TEXT NOT NULL,
                started_at TEXT, finished_at TEXT, total INTEGER NOT NULL DEFAULT 0, processed INTEGER NOT NULL DEFAULT 0,
                succeeded INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0, warnings INTEGER NOT NULL DEFAULT 0,
                attempts INTEGER NOT NULL DEFAULT 0, error TEXT, work_name TEXT, update_payments INTEGER);
            INSERT INTO jobs (job_id, workspace, status, source_name, queued_at) VALUES ('20261123T000000000-00000001', 'acme', 'DONE', 'a.csv', '2026-11-23T00:00:00.000Z');
            PRAGMA user_version = 2;
            """)
        let catalogue = try SQLiteCatalogue(root: root.root)
        let job = try #require(try catalogue.job("20261123T000000000-00000001"))
        #expect(job.status == .done)
        #expect(job.hookState == nil)
        #expect(job.retryOf == nil)
        #expect(try Database(path: root.root.catalogue).userVersion() == 5)
        #expect(try catalogue.deliveries(state: nil, limit: 10).isEmpty, "no webhook is owed for jobs that ended before")
    }

    @Test func statusQueriesUseIndexesNotScans() throws {
        let root = try TemporaryRoot()
        _ = try SQLiteCatalogue(root: root.root)
        let database = try Database(path: root.root.catalogue)
        for sql in [
            "SELECT * FROM jobs ORDER BY queued_at DESC, job_id DESC LIMIT 50",
            "SELECT * FROM jobs WHERE workspace = 'acme' ORDER BY queued_at DESC LIMIT 50",
            "SELECT * FROM jobs WHERE status = 'DONE' ORDER BY queued_at DESC LIMIT 50",
            "SELECT job_id FROM jobs WHERE workspace = 'a' AND type = 't' AND sha256 = 's' AND status = 'DONE' ORDER BY queued_at LIMIT 1",
            "SELECT * FROM jobs WHERE job_id = 'x'",
        ] {
            let plan = try database.prepare("EXPLAIN QUERY PLAN " + sql)
            var details: [String] = []
            while try plan.step() { details.append(plan.text(3) ?? "") }
            #expect(!details.contains { $0.hasPrefix("SCAN jobs") && !$0.contains("INDEX") }, "\(sql): \(details)")
        }
    }

    @Test func storeTablesMatchTheSchemaDefinition() throws {
        let root = try TemporaryRoot()
        _ = try SQLiteStore(root: root.root, workspace: "acme")
        let database = try Database(path: root.root.store("acme"))
        let info = try database.prepare("PRAGMA table_info(payments)")
        var columns: [String] = []
        var types: [String: String] = [:]
        while try info.step() {
            let name = info.text(1) ?? ""
            columns.append(name)
            types[name] = info.text(2)
        }
        let expected = ImportType.payments.schema.fields.map { $0.kind == .decimal ? $0.name + "_minor" : $0.name } + ["job_seq"]
        #expect(columns == expected)
        #expect(types["amount_minor"] == "INTEGER")
    }
}

/// Processes that open a new root at the same moment (two daemons started
/// together, a test and `intake run`) all find it migrated once.
@Suite struct ConcurrentMigrationTests {
    @Test func manyConnectionsOpeningANewRootAtOnceAllSucceed() throws {
        for _ in 0..<10 {
            let root = try TemporaryRoot()
            let path = root.path
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 6) { index in
                do {
                    if index % 2 == 0 {
                        _ = try SQLiteCatalogue(root: Root(path))
                    } else {
                        _ = try SQLiteStore(root: Root(path), workspace: "acme")
                    }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 }.isEmpty)
        }
    }
}
