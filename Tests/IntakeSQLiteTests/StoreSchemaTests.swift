@testable import IntakeKit
import Testing
import IntakeTestSupport

/// Migrations are written out and never change: a store made today has, for
/// every type, exactly the columns its schema writes (a schema that gains or
/// renames a field needs a migration step of its own, or this fails).
@Suite struct StoreSchemaTests {
    @Test func everyTypesTableHasTheColumnsItsSchemaWrites() throws {
        let root = try TemporaryRoot()
        _ = try SQLiteStore(root: root.root, workspace: "acme")
        let database = try Database(path: root.root.store("acme"))
        for type in ImportType.allCases {
            let statement = try database.prepare("SELECT name FROM pragma_table_info('\(type.name)') ORDER BY cid")
            var columns: [String] = []
            while try statement.step() { columns.append(statement.text(0) ?? "") }
            // Order aside: a later step adds columns at the end (ALTER TABLE), and
            // both backends name every column they write.
            let expected = type.schema.storeColumns
            #expect(columns.sorted() == expected.sorted(), "\(type.name)")
        }
    }

    @Test func theStoreIsAtTheLatestVersion() throws {
        let root = try TemporaryRoot()
        _ = try SQLiteStore(root: root.root, workspace: "acme")
        let database = try Database(path: root.root.store("acme"))
        #expect(try database.userVersion() == SQLiteStore.migrations.steps.count)
    }
}
