@testable import IntakeKit
import Testing
import IntakeTestSupport

/// Databases made before the migrations had names upgrade with nothing to
/// convert: their bookkeeping (SQLite's `PRAGMA user_version`, PostgreSQL's
/// `intake.schema_versions`) is written here by hand, as earlier builds wrote
/// it, with the released SQL (pinned by `FrozenMigrationsTests`), and the new
/// code applies exactly the named steps each one lacks.
@Suite struct MigrationUpgradeTests {
    /// A database left at `version` by an earlier Intake: its steps run as
    /// plain SQL, then `user_version` set, with no ``SchemaMigrations`` involved.
    static func earlier(_ migrations: SchemaMigrations, version: Int, at path: String) throws -> Database {
        let database = try Database(path: path)
        for step in migrations.steps.prefix(version) { try database.execute(step.sql) }
        try database.execute("PRAGMA user_version = \(version)")
        return database
    }

    @Test(arguments: 1...3)
    func aStoreOfAnEarlierIntakeGetsOnlyTheStepsItLacks(version: Int) throws {
        let root = try TemporaryRoot()
        let database = try Self.earlier(SQLiteStore.migrations, version: version, at: root.root.store("acme"))
        try database.execute("""
            INSERT INTO applied_jobs (seq, job_id, type, applied_at) VALUES (1, 'J1', 'trustpair/payments_import', '2026-11-23T00:00:00.000Z');
            INSERT INTO payments (payment_id, amount_minor, currency, due_date, beneficiary_name, beneficiary_iban,
                beneficiary_bic, beneficiary_country, job_seq)
            VALUES ('P-1', 1250, 'EUR', '2026-12-01', 'ACME SARL', 'FR7630006000011234567890189', '', 'FR', 1);
            """)
        let applied = try SQLiteStore.migrations.apply(to: database)
        #expect(applied == Array(SQLiteStore.migrations.names[version...]))
        #expect(try database.userVersion() == 3)
        #expect(try SQLiteStore.migrations.apply(to: database).isEmpty, "a second open applies nothing")
        let store = try SQLiteStore(root: root.root, workspace: "acme")
        #expect(try store.appliedSequence(job: "J1") == 1)
        #expect(try store.audit().records["payments"] == [1: 1])
    }

    @Test(arguments: 1...3)
    func aCatalogueOfAnEarlierIntakeGetsOnlyTheStepsItLacks(version: Int) throws {
        let root = try TemporaryRoot()
        let database = try Self.earlier(SQLiteCatalogue.migrations, version: version, at: root.root.catalogue)
        try database.execute("""
            INSERT INTO jobs (job_id, workspace, status, source_name, queued_at)
            VALUES ('20261123T000000000-00000001', 'acme', 'DONE', 'a.csv', '2026-11-23T00:00:00.000Z')
            """)
        #expect(try SQLiteCatalogue.migrations.apply(to: database) == Array(SQLiteCatalogue.migrations.names[version...]))
        let job = try #require(try SQLiteCatalogue(root: root.root).job("20261123T000000000-00000001"))
        #expect(job.status == .done)
        #expect(job.hookState == nil, "a job from before v3-hook-state owes no hook")
    }

    @Test func aStoreNewerThanThisIntakeIsRefusedWithTheSameMessage() throws {
        let root = try TemporaryRoot()
        _ = try Self.earlier(SQLiteStore.migrations, version: 3, at: root.root.store("acme")).execute("PRAGMA user_version = 4")
        #expect {
            _ = try SQLiteStore(root: root.root, workspace: "acme")
        } throws: { error in
            "\(error)".contains("schema version 4 is newer than this Intake understands (3); upgrade Intake")
        }
    }

    @Test func aPostgresStoreOfAnEarlierIntakeGetsOnlyTheStepItLacks() throws {
        let url = try PostgresServer.running().makeDatabase()
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        let catalogue = PostgresSchema.catalogueMigrations.steps[0].sql
        let store = PostgresSchema.storeMigrations.steps[0].sql
        try connection.execute("""
            CREATE SCHEMA intake;
            CREATE TABLE intake.schema_versions (name TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL);
            INSERT INTO intake.schema_versions VALUES ('intake', 1), ('ws_acme', 1);
            \(catalogue)
            CREATE SCHEMA ws_acme;
            SET search_path TO ws_acme;
            \(store)
            RESET search_path;
            """)
        let name = PostgresSchema.storeSchema("acme")
        #expect(try PostgresSchema.migrate(
            "intake", migrations: PostgresSchema.catalogueMigrations, searchPath: nil, on: connection) == ["v2-source-layers", "v3-webhook-deliveries"])
        #expect(try PostgresSchema.migrate(
            name, migrations: PostgresSchema.storeMigrations, searchPath: name, on: connection) == ["v2-papaya-names"])
        #expect(try TemporaryRoot.scalar(url, "SELECT version FROM intake.schema_versions WHERE name = 'ws_acme'") == "2")
        #expect(try PostgresSchema.migrate(name, migrations: PostgresSchema.storeMigrations, searchPath: name, on: connection).isEmpty)
    }

    @Test func aPostgresStoreNewerThanThisIntakeIsRefusedWithTheSameMessage() throws {
        let url = try PostgresServer.running().makeDatabase()
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        _ = try PostgresStore(connection: connection, workspace: "acme")
        try connection.execute("UPDATE intake.schema_versions SET version = 3 WHERE name = 'ws_acme'")
        #expect(throws: StorageError(
            "schema ws_acme is at version 3, newer than this Intake understands (2); upgrade Intake on this host")
        ) {
            _ = try PostgresStore(connection: connection, workspace: "acme")
        }
    }
}
