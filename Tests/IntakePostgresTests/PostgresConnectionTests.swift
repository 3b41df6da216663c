import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// The libpq layer against a real, throwaway PostgreSQL cluster (``PostgresServer``).
@Suite struct PostgresConnectionTests {
    /// A connection to a fresh database of the test cluster.
    private func connect() throws -> PostgresConnection {
        try PostgresConnection(url: try PostgresServer.running().makeDatabase())
    }

    @Test func executeAndQueryWithParametersAndNulls() throws {
        let connection = try connect()
        try connection.execute("""
            CREATE TABLE people (id bigint PRIMARY KEY, name text, note text);
            CREATE INDEX people_name ON people (name);
            """)
        let inserted = try connection.query(
            "INSERT INTO people VALUES ($1, $2, $3), ($4, $5, $6)", ["1", "Zoë", nil, "2", "", "n'o\"te"])
        #expect(inserted.affected == 2)
        let rows = try connection.query("SELECT id, name, note FROM people WHERE id >= $1 ORDER BY id", ["1"])
        #expect(rows.count == 2)
        #expect(rows.columns == ["id", "name", "note"])
        #expect(rows.int64(0, 0) == 1)
        #expect(rows.int(1, 0) == 2)
        #expect(rows.text(0, 1) == "Zoë")
        #expect(rows.isNull(0, 2))
        #expect(rows.text(0, 2) == nil)
        #expect(rows.text(1, 1) == "", "an empty string is not NULL")
        #expect(!rows.isNull(1, 1))
        #expect(rows.text(1, 2) == "n'o\"te")
        #expect(rows.int64(0, 1) == nil, "text that is no integer")
        #expect(try connection.query("SELECT 1 WHERE false").count == 0)
    }

    @Test func connectionIsUTF8AndNamedIntakeUnlessTheURLNamesIt() throws {
        let url = try PostgresServer.running().makeDatabase()
        let plain = try PostgresConnection(url: url)
        let settings = try plain.query("SELECT current_setting('client_encoding'), current_setting('application_name')")
        #expect(settings.text(0, 0) == "UTF8")
        #expect(settings.text(0, 1) == "intake")
        let named = try PostgresConnection(url: url + "?application_name=reports&client_encoding=LATIN1")
        let chosen = try named.query("SELECT current_setting('client_encoding'), current_setting('application_name')")
        #expect(chosen.text(0, 0) == "UTF8", "the client encoding is always UTF-8")
        #expect(chosen.text(0, 1) == "reports")
        #expect(try named.query("SELECT $1::text", ["Zürich €"]).text(0, 0) == "Zürich €")
    }

    @Test func preparedStatementIsReusedAndNamedOncePerConnection() throws {
        let connection = try connect()
        try connection.execute("CREATE TABLE items (id bigint PRIMARY KEY, label text)")
        try connection.prepare("insert_item", "INSERT INTO items VALUES ($1, $2)")
        try connection.prepare("item_label", "SELECT label FROM items WHERE id = $1")
        for id in 0..<200 {
            let result = try connection.run(prepared: "insert_item", [String(id), id % 2 == 0 ? "even \(id)" : nil])
            #expect(result.affected == 1)
        }
        #expect(try connection.run(prepared: "item_label", ["42"]).text(0, 0) == "even 42")
        #expect(try connection.run(prepared: "item_label", ["43"]).isNull(0, 0))
        #expect(try connection.run(prepared: "item_label", ["999"]).count == 0)
        let error = #expect(throws: PostgresError.self) {
            try connection.prepare("insert_item", "INSERT INTO items VALUES ($1, $2)")
        }
        #expect(error?.sqlState == "42P05")
    }

    @Test func transactionStateIsReported() throws {
        let connection = try connect()
        #expect(!connection.inTransaction)
        try connection.execute("BEGIN")
        #expect(connection.inTransaction)
        #expect(throws: PostgresError.self) { try connection.execute("SELECT * FROM missing_table") }
        #expect(connection.inTransaction, "a failed transaction is still open until rolled back")
        let failed = #expect(throws: PostgresError.self) { try connection.query("SELECT 1") }
        #expect(failed?.sqlState == "25P02")
        try connection.execute("ROLLBACK")
        #expect(!connection.inTransaction)
        #expect(try connection.query("SELECT 1").int(0, 0) == 1)
    }

    @Test func uniqueViolationIsRecognisedAndDoesNotShowTheKey() throws {
        let connection = try connect()
        try connection.execute("CREATE TABLE accounts (iban text PRIMARY KEY)")
        _ = try connection.query("INSERT INTO accounts VALUES ($1)", ["CH9300762011623852957"])
        let error = #expect(throws: PostgresError.self) {
            try connection.query("INSERT INTO accounts VALUES ($1)", ["CH9300762011623852957"])
        }
        #expect(error?.sqlState == "23505")
        #expect(error?.isUniqueViolation == true)
        #expect(error?.isConnectionLost == false)
        #expect(error?.isSerializationOrDeadlock == false)
        #expect(error.map { !$0.description.contains("CH9300762011623852957") } == true, "\(String(describing: error))")
        #expect(connection.isAlive)
    }

    @Test func aParameterWithNULIsRefusedNotCutShort() throws {
        let connection = try connect()
        let error = #expect(throws: PostgresError.self) { try connection.query("SELECT $1::text", ["a\u{0}b"]) }
        #expect(error?.sqlState == "22021")
        #expect(connection.isAlive)
    }

    @Test func closeIsIdempotent() throws {
        let connection = try connect()
        #expect(connection.backendPID > 0)
        connection.close()
        connection.close()
        #expect(!connection.isAlive)
        #expect(connection.backendPID == 0)
    }
}
