import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// `intake verify` reports every `DONE` or `FAILED` job whose original is in
/// neither `archive/` nor `failed/` (exit 65), in both modes; a purged job
/// (original and outbox files gone together) is not a problem.
@Suite struct VerifyOriginalsTests {
    static func check(_ root: TemporaryRoot) throws {
        try root.drop("acme__payments__good.csv", PaymentsCSV.mixed)
        try root.drop("acme__payments__bad.csv", "no,such,columns\n1,2,3\n")
        #expect(try IntakeBinary.run(["run", root.path]).status == 0)
        let jobs = try IntakeBinary.run(["status", root.path, "--json"]).stdout
        #expect(jobs.contains("\"DONE\"") && jobs.contains("\"FAILED\""), "\(jobs)")
        let clean = try IntakeBinary.run(["verify", root.path])
        #expect(clean.status == 0, "\(clean.stdout)")

        let archived = try #require(root.files("archive").first { $0.hasSuffix("__acme__payments__good.csv") })
        let failed = try #require(root.files("failed").first { $0.hasSuffix("__acme__payments__bad.csv") })
        try FileManager.default.removeItem(atPath: root.root.archive + "/" + archived)
        try FileManager.default.removeItem(atPath: root.root.failed + "/" + failed)
        let missing = try IntakeBinary.run(["verify", root.path])
        #expect(missing.status == 65, "\(missing.stdout)")
        #expect(missing.stdout.contains("is DONE but its original") && missing.stdout.contains("is FAILED but its original"), "\(missing.stdout)")
        #expect(missing.stdout.contains("in neither archive/acme/ nor failed/acme/"), "\(missing.stdout)")
        let json = try IntakeBinary.run(["verify", root.path, "--json"])
        #expect(json.status == 65 && json.stdout.contains("is DONE but its original"), "\(json.stdout)")

        #expect(try IntakeBinary.run(["purge", root.path, "--older-than", "0"]).status == 0)
        let purged = try IntakeBinary.run(["verify", root.path])
        #expect(purged.status == 0, "a purged job's original is meant to be gone: \(purged.stdout)")
    }

    @Test func aDeletedOriginalIsReportedInSQLiteMode() throws {
        try Self.check(try TemporaryRoot())
    }

    @Test func aDeletedOriginalIsReportedInPostgreSQLMode() throws {
        try Self.check(try TemporaryRoot.postgres().0)
    }
}
