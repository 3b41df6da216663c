import Foundation
import Testing
@testable import IntakeKit
@testable import IntakeSystem
import IntakeTestSupport

/// PostgreSQL mode is the same product as SQLite mode: the same documents give
/// the same outbox files and entries (ids and times aside), no SQLite file is
/// made, and the commands work against the database.
@Suite struct PostgresModeTests {
    static let example = Repository.root.appendingPathComponent("inbox-example/inbox").path

    /// 5,000 payments whose ids repeat across the 2,048-row batches the store
    /// receives (row i has id P(i mod 3000)) and within one batch, with hostile
    /// bytes in the reference: a tab, a backslash, `\N`, a line break in quotes,
    /// quotes and characters outside the BMP (invalid UTF-8 fails a whole document before any store sees it).
    static func repeatedIDs() -> [UInt8] {
        var text = Array(PaymentsCSV.header.utf8)
        for i in 0..<5000 {
            let id = i == 10 ? "P7" : "P\(i % 3000)"
            let reference: [UInt8]
            switch i % 5 {
            case 0: reference = Array("\"tab\there\"".utf8)
            case 1: reference = Array("back\\slash \\N".utf8)
            case 2: reference = Array("\"two\nlines\"".utf8)
            case 3: reference = Array("\"Müller \"\"𝄞\"\" ✓\"".utf8)
            default: reference = Array("plain".utf8)
            }
            let amount = i % 97 == 0 ? "-1.00" : "\(i + 1).25"
            text += Array("\(id),\(amount),EUR,2026-12-01,Acme Supplies,FR7630006000011234567890189,AGRIFRPP,FR,".utf8)
            text += reference + [0x0A]
        }
        return text
    }

    /// Drops the example documents and the repeated-ids file into `root`, runs it, and
    /// returns each job's normalized outbox files and entries by source name.
    static func runDocuments(_ root: TemporaryRoot) throws -> [String: [String: String]] {
        // One document per run, in name order: which of two equal documents is the DUPLICATE is then the same in both modes.
        for name in try FileManager.default.contentsOfDirectory(atPath: example).sorted() where name.hasPrefix("acme__") {
            try FileSystem.copy(example + "/" + name, to: root.root.inbox + "/" + name)
            let run = try IntakeBinary.run(["run", root.path])
            #expect(run.status == 0, "\(run.stderr)")
        }
        try root.drop("acme__payments__repeated.csv", repeatedIDs())
        let run = try IntakeBinary.run(["run", root.path])
        #expect(run.status == 0, "\(run.stderr)")
        let status = try IntakeBinary.run(["status", root.path, "--json", "--limit", "100"])
        var byName: [String: [String: String]] = [:]
        for line in status.stdout.split(separator: "\n") {
            let job = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let id = try #require(job["job_id"] as? String)
            let name = try #require((job["source"] as? [String: Any])?["name"] as? String)
            var files: [String: String] = [:]
            let outbox = root.root.outbox("acme")
            for file in try FileManager.default.contentsOfDirectory(atPath: outbox) where file.hasPrefix(id + ".") {
                let text = String(decoding: try FileSystem.readFile(outbox + "/" + file, limit: 1 << 26), as: UTF8.self)
                files[String(file.dropFirst(id.count))] = normalizedOutbox(text)
            }
            let entries = try IntakeBinary.run(["entries", root.path, id, "--json"])
            files["entries"] = entries.status == 0 ? entries.stdout : "none: " + normalizedOutbox(entries.stderr)
            byName[name] = files
        }
        return byName
    }

    @Test func theSameDocumentsGiveTheSameOutboxAndEntriesInBothModes() throws {
        let sqlite = try TemporaryRoot()
        let (postgres, url) = try TemporaryRoot.postgres()
        let expected = try Self.runDocuments(sqlite)
        let found = try Self.runDocuments(postgres)
        #expect(expected.count == 6)
        #expect(Set(found.keys) == Set(expected.keys))
        for (name, files) in expected {
            #expect(Set(found[name]?.keys ?? [:].keys) == Set(files.keys), "\(name)")
            for (file, text) in files where found[name]?[file] != text {
                if let dump = ProcessInfo.processInfo.environment["INTAKE_TEST_DUMP"] {
                    try? text.write(toFile: dump + "/sqlite" + file, atomically: true, encoding: .utf8)
                    try? found[name]?[file]?.write(toFile: dump + "/postgres" + file, atomically: true, encoding: .utf8)
                }
                Issue.record("\(name) \(file) differs between SQLite and PostgreSQL mode:\n\(found[name]?[file]?.prefix(600) ?? "missing")\n---\n\(text.prefix(600))")
            }
        }
        // The repeated ids: rows 3,000 to 4,999 repeat ids of rows 0 to 1,999 (an earlier
        // batch), row 10 repeats row 7's (the same batch); a row whose amount fails stores
        // nothing, so its id's next row is stored: 1,958 duplicate_id rows in both.
        let errors = try #require(found["acme__payments__repeated.csv"]?[".errors.csv"])
        #expect(errors.components(separatedBy: ",duplicate_id,").count - 1 == 1958)
        let sqliteAudit = try RootAudit.run(sqlite.root)
        let postgresAudit = try RootAudit.run(postgres.root, storage: PostgresStorage(url: url))
        #expect(postgresAudit.records == sqliteAudit.records && postgresAudit.entries == sqliteAudit.entries)
        #expect(postgresAudit.problems.isEmpty, "\(postgresAudit.problems)")
        // No SQLite file, no lock file: the root holds only the drop tree.
        for made in [postgres.root.catalogue, postgres.root.data, postgres.root.locks] {
            #expect(!FileManager.default.fileExists(atPath: made), "\(made) was made in PostgreSQL mode")
        }
        let verify = try IntakeBinary.run(["verify", postgres.path])
        #expect(verify.status == 0, "\(verify.stdout)")
    }

    /// `import` exits 75 while another process holds the workspace's advisory
    /// lock, naming its holder; `status` shows it; once released, it imports.
    @Test func aBusyWorkspaceNamesTheLockHolderAcrossProcesses() throws {
        let (root, url) = try TemporaryRoot.postgres()
        _ = try PostgresStorage(url: url).openCatalogue()
        let file = root.path + "/june.csv"
        try PaymentsCSV.mixed.write(toFile: file, atomically: true, encoding: .utf8)
        let lock = try #require(try AdvisoryLocks(url: url).tryAcquire("acme", job: "20261130T000000000-0000beef", store: nil))
        let busy = try IntakeBinary.run(["import", root.path, "--workspace", "acme", "--type", "payments", file])
        #expect(busy.status == 75)
        #expect(busy.stderr.contains("job 20261130T000000000-0000beef") && busy.stderr.contains("host \(FileSystem.hostname)"),
                "\(busy.stderr)")
        lock.release()
        let done = try IntakeBinary.run(["import", root.path, "--workspace", "acme", "--type", "payments", file])
        #expect(done.status == 0, "\(done.stderr)")
        #expect(try TemporaryRoot.scalar(url, "SELECT count(*) FROM ws_acme.payments") == String(PaymentsCSV.valid.count))
    }

    /// `erase` drops the workspace's schema and catalogue rows; `purge` deletes
    /// old entries; neither makes a SQLite file.
    @Test func eraseAndPurgeWorkOnTheDatabase() throws {
        let (root, url) = try TemporaryRoot.postgres(workspaces: ["acme": Set(ImportType.allPermissions), "globex": Set(ImportType.allPermissions)])
        try root.drop("acme__payments__june.csv", PaymentsCSV.mixed)
        try root.drop("globex__payments__june.csv", PaymentsCSV.mixed)
        #expect(try IntakeBinary.run(["run", root.path]).status == 0)
        let purge = try IntakeBinary.run(["purge", root.path, "--older-than", "0"])
        #expect(purge.status == 0, "\(purge.stderr)")
        #expect(try TemporaryRoot.scalar(url, "SELECT count(*) FROM ws_acme.entries") == "0")
        #expect(try TemporaryRoot.scalar(url, "SELECT count(*) FROM ws_acme.payments") == String(PaymentsCSV.valid.count))
        let erase = try IntakeBinary.run(["erase", root.path, "--workspace", "globex"])
        #expect(erase.status == 0, "\(erase.stderr)")
        #expect(erase.stdout.contains("schema ws_globex"), "\(erase.stdout)")
        #expect(try TemporaryRoot.scalar(url, "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'ws_globex'") == "0")
        #expect(try TemporaryRoot.scalar(url, "SELECT count(*) FROM intake.jobs WHERE workspace = 'globex'") == "0")
        #expect(try TemporaryRoot.scalar(url, "SELECT count(*) FROM intake.jobs WHERE workspace = 'acme'") == "1")
        #expect(try IntakeBinary.run(["verify", root.path]).status == 0)
        for made in [root.root.catalogue, root.root.data, root.root.locks] { #expect(!FileManager.default.fileExists(atPath: made)) }
    }

    /// `INTAKE_DATABASE_URL` wins over the file; a workspace id over 60
    /// characters is refused in PostgreSQL mode; a password never shows.
    @Test func theEnvironmentWinsLongIDsAreRefusedAndPasswordsNeverShow() throws {
        let url = try PostgresServer.running().makeDatabase()
        var configuration = Configuration()
        configuration.database = "postgresql://intake:hunter2secret@127.0.0.1:1/nowhere"
        configuration.workspaces["acme"] = .init(permissions: Set(ImportType.allPermissions))
        let root = try TemporaryRoot { $0 = configuration }
        let refused = try IntakeBinary.run(["run", root.path])
        #expect(refused.status != 0)
        #expect(!(refused.stdout + refused.stderr).contains("hunter2secret"), "\(refused.stderr)")
        #expect(refused.stderr.contains("127.0.0.1:1"), "\(refused.stderr)")
        let loaded = try Configuration.load(path: root.root.configuration, environment: [Configuration.databaseVariable: url])
        #expect(loaded.database == url)
        let long = String(repeating: "a", count: 61)
        configuration.workspaces[long] = .init(permissions: Set(ImportType.allPermissions))
        try configuration.json().write(toFile: root.root.configuration, atomically: true, encoding: .utf8)
        let check = try IntakeBinary.run(["check", root.path])
        #expect(check.status == 64)
        #expect(check.stderr.contains("at most 60"), "\(check.stderr)")
    }
}
