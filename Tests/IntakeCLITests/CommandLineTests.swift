import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// The built `intake` binary, run as a user would.
@Suite struct CommandLineTests {
    @Test func initRunAndStatusOnAFreshRoot() throws {
        let base = FileManager.default.temporaryDirectory.path + "/intake-cli-" + UUID().uuidString.prefix(8).lowercased()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let initialised = try IntakeBinary.run(["init", base, "--workspace", "acme", "--workspace", "globex-fr"])
        #expect(initialised.status == 0, "\(initialised.stderr)")
        let root = Root(base)
        let configuration = try Configuration.load(path: root.configuration)
        #expect(configuration.workspaces.keys.sorted() == ["acme", "globex-fr"])
        #expect(configuration.workspaces["acme"]?.permissions == Set(ImportType.allPermissions))
        for folder in root.folders() { #expect(FileManager.default.fileExists(atPath: folder)) }

        try (PaymentsCSV.mixed).write(toFile: root.inbox + "/acme__payments__june.csv", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: root.inbox + "/globex-fr/payments", withIntermediateDirectories: true)
        try (PaymentsCSV.header + PaymentsCSV.valid.joined()).write(
            toFile: root.inbox + "/globex-fr/payments/nov.csv", atomically: true, encoding: .utf8)
        try "".write(toFile: root.inbox + "/globex-fr/payments/nov.csv.done", atomically: true, encoding: .utf8)
        // Still being uploaded: never taken.
        try "partial".write(toFile: root.inbox + "/acme__payments__later.csv.part", atomically: true, encoding: .utf8)

        let run = try IntakeBinary.run(["run", base])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("DONE"))
        #expect(run.stderr.contains("event=job_done"))
        #expect(FileManager.default.fileExists(atPath: root.inbox + "/acme__payments__later.csv.part"))
        #expect(!FileManager.default.fileExists(atPath: root.inbox + "/globex-fr/payments/nov.csv.done"))

        let status = try IntakeBinary.run(["status", base, "--json"])
        #expect(status.status == 0)
        let lines = status.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            #expect(object.string("status") == "DONE")
            #expect(object["progress"] == nil)
        }
        let glance = try IntakeBinary.run(["status", base])
        #expect(glance.stdout.contains("inbox: empty"))  // a .part upload is not a drop yet
        #expect(glance.stdout.contains("jobs: DONE 2; rows: 6 succeeded, 9 failed"))
        let table = try IntakeBinary.run(["status", base, "--workspace", "globex-fr"])
        #expect(table.stdout.contains("nov.csv"))
        #expect(!table.stdout.contains("june.csv"))

        let again = try IntakeBinary.run(["run", base])
        #expect(again.status == 0)
        #expect(!again.stdout.contains("DONE"))
    }

    @Test func importNeverMovesTheCallersFileAndExitsByStatus() throws {
        let root = try TemporaryRoot()
        let file = root.path + "/mine.csv"
        try PaymentsCSV.mixed.write(toFile: file, atomically: true, encoding: .utf8)
        let imported = try IntakeBinary.run(["import", root.path, "--workspace", "acme", "--type", "payments", file])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == PaymentsCSV.mixed)
        let job = try #require(try root.jobs().first)
        #expect(job.status == .done)
        #expect(job.sourceName == "mine.csv")
        #expect(imported.stdout.contains(job.jobID + ".result.json"))
        // Not a terminal: progress comes as log lines, the last at 100 %.
        #expect(imported.stderr.contains("event=progress rows=12 percent=100"))

        let duplicate = try IntakeBinary.run(["import", root.path, "--workspace", "acme", "--type", "payments", file])
        #expect(duplicate.status == 0)
        #expect(duplicate.stdout.contains("DUPLICATE"))

        let broken = root.path + "/broken.csv"
        try "payment_id,amount\n1,2\n".write(toFile: broken, atomically: true, encoding: .utf8)
        let failed = try IntakeBinary.run(["import", root.path, "--workspace", "acme", "--type", "payments", broken])
        #expect(failed.status == 65)
        #expect(failed.stderr.contains("broken.csv:1"))
        #expect(FileManager.default.fileExists(atPath: broken))
    }

    @Test func importReportsUsageMissingInputAndPermission() throws {
        let root = try TemporaryRoot(workspaces: ["acme": ["paid_payments_write"]])
        let file = root.path + "/x.csv"
        try PaymentsCSV.mixed.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try IntakeBinary.run(["import", root.path, "--workspace", "acme", "--type", "nope", file]).status == 64)
        #expect(try IntakeBinary.run(["import", root.path, "--workspace", "acme", "--type", "payments", file + ".missing"]).status == 66)
        let denied = try IntakeBinary.run(["import", root.path, "--workspace", "acme", "--type", "payments", file])
        #expect(denied.status == 77)
        #expect(denied.stderr.contains("payment_checks_write"))
        let unknown = try IntakeBinary.run(["import", root.path, "--workspace", "nobody", "--type", "payments", file])
        // An operator's typo, not a customer's drop: a usage error, nothing recorded (spec section 7).
        #expect(unknown.status == 64)
        #expect(try IntakeBinary.run(["frobnicate"]).status == 64)
        #expect(FileManager.default.fileExists(atPath: file))
    }

    @Test func importExitsBusyWhileAnotherProcessHoldsTheLock() throws {
        let root = try TemporaryRoot()
        let file = root.path + "/x.csv"
        try PaymentsCSV.mixed.write(toFile: file, atomically: true, encoding: .utf8)
        let lock = try #require(try FileLock.tryAcquire(root: root.root, workspace: "acme", job: "20261123T000000000-deadbeef"))
        let busy = try IntakeBinary.run(["import", root.path, "--workspace", "acme", "--type", "payments", file])
        #expect(busy.status == 75)
        #expect(busy.stderr.contains("workspace acme is busy with job 20261123T000000000-deadbeef since"))
        #expect(root.files("work").isEmpty)
        #expect(try root.jobs().isEmpty)
        lock.release()
        #expect(try IntakeBinary.run(["import", root.path, "--workspace", "acme", "--type", "payments", file]).status == 0)
    }

    @Test func runOnARootWithoutInboxFailsLoudly() throws {
        let root = try TemporaryRoot()
        try FileManager.default.removeItem(atPath: root.root.inbox)
        let run = try IntakeBinary.run(["run", root.path])
        #expect(run.status == 66)
        #expect(run.stderr.contains("inbox"))
    }
}
