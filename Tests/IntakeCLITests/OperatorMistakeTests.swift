import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// An operator's typos on the built binary: exit 64, the nearest name, and
/// nothing written (no job, no outbox file, no folder).
@Suite struct OperatorMistakeTests {
    /// Every path under the root, folders included, and the catalogue's jobs.
    private func snapshot(_ root: TemporaryRoot) throws -> ([String], [String]) {
        let paths = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? [])
            .filter { !$0.hasPrefix("index.sqlite") }.sorted()
        let jobs = FileManager.default.fileExists(atPath: root.root.catalogue) ? try root.jobs().map(\.jobID) : []
        return (paths, jobs)
    }

    @Test func aMistypedWorkspaceOrTypeIsRefusedBeforeAnythingIsWritten() throws {
        let root = try TemporaryRoot(workspaces: ["acme": Set(ImportType.allPermissions), "globex": Set(ImportType.allPermissions)])
        let file = FileManager.default.temporaryDirectory.path + "/intake-typo-\(UUID().uuidString.prefix(8)).csv"
        try PaymentsCSV.mixed.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try SQLiteCatalogue(root: root.root)
        let before = try snapshot(root)
        let cases: [([String], String)] = [
            (["import", root.path, "--workspace", "globx", "--type", "payments", file], "did you mean \"globex\"?"),
            (["import", root.path, "--workspace", "acme", "--type", "paymnts", file], "did you mean \"payments\"?"),
            (["status", root.path, "--workspace", "nope"], "configured: acme, globex"),
            (["erase", root.path, "--workspace", "acmee", "--dry-run"], "did you mean \"acme\"?"),
            (["erase", root.path, "--workspace", "acmee"], "did you mean \"acme\"?"),
            (["validate", "--type", "beneficiary", file], "did you mean \"beneficiaries\"?"),
            (["types", "paymnt"], "did you mean \"payments\"?"),
        ]
        for (arguments, mention) in cases {
            let output = try IntakeBinary.run(arguments)
            #expect(output.status == 64, "\(arguments): \(output.stderr)")
            #expect(output.stderr.contains(mention), "\(arguments): \(output.stderr)")
            #expect(try snapshot(root) == before, "\(arguments) wrote something")
        }
    }

    @Test func retryOfADuplicateNeedsForceAndARetryRecordsWhatItRetried() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        _ = try root.runPass()
        try root.drop("acme/payments/june-again.csv", PaymentsCSV.mixed)
        _ = try root.runPass()
        let jobs = try root.jobs()
        let duplicate = try #require(jobs.first { $0.status == .duplicate })
        let before = try snapshot(root)

        let refused = try IntakeBinary.run(["retry", root.path, duplicate.jobID])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--force"))
        #expect(try snapshot(root) == before)

        let forced = try IntakeBinary.run(["retry", root.path, duplicate.jobID, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        let retried = try #require(try root.jobs().last)
        #expect(retried.status == .done)
        #expect(retried.retryOf == duplicate.jobID)
        #expect(try root.result("acme", retried.jobID).string("retry_of") == duplicate.jobID)
        let status = try IntakeBinary.run(["status", root.path, retried.jobID, "--json"])
        let line = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(line.string("retry_of") == duplicate.jobID)
    }

    @Test func statusWithFailedRowsListsOnlyJobsWithAFailedRow() throws {
        let root = try TemporaryRoot()
        try root.drop("acme/payments/mixed.csv", PaymentsCSV.mixed)
        try root.drop("acme/payments/clean.csv", PaymentsCSV.header + PaymentsCSV.valid.joined())
        _ = try root.runPass()
        let listed = try IntakeBinary.run(["status", root.path, "--with-failed-rows", "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let lines = listed.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("mixed.csv") == true)
    }
}
