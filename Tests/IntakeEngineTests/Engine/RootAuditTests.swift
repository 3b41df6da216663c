import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// `intake verify` finds what a broken root would hide: half-stored jobs,
/// stored jobs the catalogue does not know, DONE jobs stored nowhere.
@Suite struct RootAuditTests {
    func importedRoot() throws -> (TemporaryRoot, JobRecord) {
        let root = try TemporaryRoot()
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        _ = try root.runPass()
        return (root, try #require(try root.jobs().first))
    }

    @Test func aWholeRootPassesWithItsCounts() throws {
        let (root, _) = try importedRoot()
        let audit = try RootAudit.run(root.root)
        #expect(audit.problems.isEmpty)
        #expect(audit.pending.isEmpty)
        #expect(audit.jobs == [.done: 1])
        #expect(audit.entries == 12)
        #expect(audit.records == 3)
        let verify = try IntakeBinary.run(["verify", root.path])
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("ok: integrity checks pass"))
    }

    @Test func halfStoredJobIsFound() throws {
        let (root, job) = try importedRoot()
        let store = try Database(path: root.root.store("acme"))
        try store.execute("DELETE FROM entries WHERE (id & 4294967295) > 5")
        let audit = try RootAudit.run(root.root)
        #expect(audit.problems == ["job \(job.jobID) is half stored: 6 entries for 12 rows"])
        let verify = try IntakeBinary.run(["verify", root.path, "--json"])
        #expect(verify.status == 65)
        #expect(verify.stdout.contains("half stored"))
    }

    @Test func storeAndCatalogueDisagreeingIsFound() throws {
        let (root, job) = try importedRoot()
        var failed = job
        failed.status = .failed
        try SQLiteCatalogue(root: root.root).save(failed)
        #expect(try RootAudit.run(root.root).problems.contains { $0.contains("catalogue says FAILED") })
        try SQLiteCatalogue(root: root.root).delete(job: job.jobID)
        #expect(try RootAudit.run(root.root).problems.contains { $0.contains("which the catalogue does not know") })
    }

    @Test func doneJobStoredNowhereAndStrayRecordsAreFound() throws {
        let (root, job) = try importedRoot()
        let store = try Database(path: root.root.store("acme"))
        try store.execute("INSERT INTO payments SELECT 'STRAY', amount_minor, currency, due_date, beneficiary_name, beneficiary_iban, beneficiary_bic, beneficiary_country, reference, supplier_id, company_registration, debtor_iban, debtor_name, end_to_end_id, 99 FROM payments LIMIT 1")
        try store.execute("DELETE FROM entries; DELETE FROM applied_jobs")
        let problems = try RootAudit.run(root.root).problems
        #expect(problems.contains("job \(job.jobID) is DONE with 12 rows but no store holds it"))
        #expect(problems.contains { $0.contains("payments records of job sequence 99, which was never applied") })
    }
}
