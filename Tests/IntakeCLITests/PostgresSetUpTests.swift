import Foundation
import IntakeKit
import Testing
@testable import IntakeSystem
import IntakeTestSupport

/// Setting up PostgreSQL mode as an operator would, mistakes included: `init`
/// honours `INTAKE_DATABASE_URL` and checks the connection and the role's
/// privileges before it writes anything (a failed `init` leaves no root and
/// says what to do), `check` connects unless `--offline`, `status` names the catalogue.
@Suite struct PostgresSetUpTests {
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.path + "/intake-setup-" + UUID().uuidString.prefix(8).lowercased()
    }

    @Test func initHonoursTheEnvironmentAndCheckConnectsUnlessOffline() throws {
        let server = try PostgresServer.running()
        let (role, password) = try PostgresServer.passwordRole.get()
        let admin = try PostgresConnection(url: server.adminURL)
        let database = "t_env_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(8).lowercased()
        try admin.execute("CREATE DATABASE \(database) OWNER \(role)")
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let withPassword = server.url(database: database, role: role, password: password)
        let made = try IntakeBinary.run(["init", path, "--workspace", "acme"], environment: [Configuration.databaseVariable: withPassword])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("as role \(role)"), "\(made.stdout)")
        let root = Root(path)
        for leftover in [root.catalogue, root.data, root.locks] { #expect(!FileSystem.exists(leftover), "\(leftover)") }
        let file = try String(contentsOfFile: root.configuration, encoding: .utf8)
        #expect(file.contains(server.url(database: database, role: role)) && !file.contains(password), "\(file)")
        let owned = try PostgresConnection(url: withPassword).query("SELECT to_regclass('intake.jobs') IS NOT NULL").bool(0, 0)
        #expect(owned == true, "the catalogue is made in the database")
        // A workspace added later, the variable still set (it wins over the file's database, as for every command).
        let more = try IntakeBinary.run(["init", path, "--workspace", "globex"], environment: [Configuration.databaseVariable: withPassword])
        #expect(more.status == 0 && more.stdout.contains("added to"), "\(more.stdout) \(more.stderr)")
        #expect(try String(contentsOfFile: root.configuration, encoding: .utf8).contains("\"globex\""))

        // The password in a .pgpass file, as for a system user; check connects and says what it read.
        let pgpass = path + ".pgpass"
        defer { try? FileManager.default.removeItem(atPath: pgpass) }
        try "127.0.0.1:\(server.port):\(database):\(role):\(password)\n".write(toFile: pgpass, atomically: true, encoding: .utf8)
        chmod(pgpass, 0o600)
        let checked = try IntakeBinary.run(["check", path], environment: ["PGPASSFILE": pgpass, Configuration.databaseVariable: nil])
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(checked.stdout.contains("mode: PostgreSQL (from intake.json); catalogue intake.jobs in"), "\(checked.stdout)")
        #expect(checked.stdout.contains("connected as role \(role)"), "\(checked.stdout)")
        let status = try IntakeBinary.run(["status", path], environment: ["PGPASSFILE": pgpass, Configuration.databaseVariable: nil])
        #expect(status.status == 0 && status.stdout.contains("catalogue: intake.jobs in postgresql://\(role)@"), "\(status.stdout)\(status.stderr)")

        // No password anywhere: check names .pgpass and PGPASSFILE; --offline does not connect.
        let missing = try IntakeBinary.run(["check", path], environment: ["PGPASSFILE": path + ".none", Configuration.databaseVariable: nil])
        #expect(missing.status == 77 && missing.stderr.contains(".pgpass") && missing.stderr.contains("PGPASSFILE"), "\(missing.stderr)")
        let offline = try IntakeBinary.run(["check", path, "--offline"], environment: ["PGPASSFILE": path + ".none", Configuration.databaseVariable: nil])
        #expect(offline.status == 0 && offline.stdout.contains("not connected: --offline"), "\(offline.stdout)\(offline.stderr)")
    }

    @Test func aFailedInitLeavesNoRootAndSaysWhatToDo() throws {
        let server = try PostgresServer.running()
        let (role, password) = try PostgresServer.passwordRole.get()
        let plain = try server.makePlainRole()
        let database = PostgresServer.databaseName(try server.makeDatabase())
        let cases: [(url: String, environment: [String: String?], status: Int32, says: [String])] = [
            (server.url(database: "no_such_db"), [:], 66, ["does not exist", "CREATE DATABASE"]),
            (server.url(database: database, role: role, password: "wrong-\(password)"), [:], 77, ["refused the password", ".pgpass", "PGPASSFILE"]),
            (server.url(database: database, role: role), ["PGPASSFILE": "/nonexistent/pgpass"], 77, ["no password was given", ".pgpass", "PGPASSFILE"]),
            (server.url(database: database, role: plain), [:], 77, ["GRANT CONNECT, CREATE ON DATABASE \(database) TO \(plain)"]),
        ]
        for (url, environment, status, says) in cases {
            for viaEnvironment in [false, true] {
                let path = Self.temporaryPath()
                defer { try? FileManager.default.removeItem(atPath: path) }
                var variables = environment
                variables[Configuration.databaseVariable] = viaEnvironment ? url : nil
                let arguments = ["init", path, "--workspace", "acme"] + (viaEnvironment ? [] : ["--database", url])
                let failed = try IntakeBinary.run(arguments, environment: variables)
                #expect(failed.status == status, "\(url): \(failed.stderr)")
                for text in says { #expect(failed.stderr.contains(text), "\(url): \(failed.stderr)") }
                #expect(failed.stderr.contains("nothing was written") && !failed.stderr.contains("wrong-\(password)"), "\(failed.stderr)")
                #expect(!FileSystem.exists(path), "a failed init leaves no root: \(TemporaryRoot.files(below: path))")
            }
        }
        let untouched = try PostgresConnection(url: server.url(database: database)).query("SELECT count(*) FROM pg_namespace WHERE nspname = 'intake'")
        #expect(untouched.int(0, 0) == 0, "nothing was made in the database either")
    }

    @Test func checkConnectsToTheConfiguredDatabase() throws {
        let (root, url) = try TemporaryRoot.postgres()
        #expect(try IntakeBinary.run(["check", root.path]).status == 0)
        var configuration = try Configuration.load(path: root.root.configuration)
        configuration.database = String(url.dropLast(PostgresServer.databaseName(url).count)) + "gone_db"
        try configuration.json().write(toFile: root.root.configuration, atomically: true, encoding: .utf8)
        let failed = try IntakeBinary.run(["check", root.path])
        #expect(failed.status == 66 && failed.stderr.contains("gone_db"), "\(failed.stdout)\(failed.stderr)")
        #expect(try IntakeBinary.run(["check", root.path, "--offline"]).status == 0)
        let sqlite = try TemporaryRoot()
        let local = try IntakeBinary.run(["check", sqlite.path])
        #expect(local.status == 0 && local.stdout.contains("mode: SQLite; catalogue \(sqlite.root.catalogue)"), "\(local.stdout)")
    }

    /// A typo in the key that names the database is refused by every command,
    /// which never falls back on the root's SQLite files (it did: `status` and
    /// `verify` showed stale jobs and exited 0).
    @Test func aTypoInTheDatabaseKeyIsRefusedNotAnsweredFromSQLiteFiles() throws {
        let root = try TemporaryRoot()
        try root.drop("acme__payments__first.csv", PaymentsCSV.mixed)
        #expect(try IntakeBinary.run(["run", root.path]).status == 0)
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root.root.configuration))) as? [String: Any])
        json["databse"] = try PostgresServer.running().makeDatabase()
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: root.root.configuration))
        for command in ["status", "verify", "check", "run", "purge"] {
            let extra = command == "purge" ? ["--older-than", "0"] : []
            let refused = try IntakeBinary.run([command, root.path] + extra)
            #expect(refused.status == 64 && refused.stderr.contains("databse"), "\(command): \(refused.status) \(refused.stdout)\(refused.stderr)")
        }
    }
}
