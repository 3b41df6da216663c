import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// The `on_job_end` hook on the built binary: once per job, with the job's
/// variables; cut at its timeout with its whole process group; run by
/// recovery for a job whose hook never ran.
@Suite struct JobEndHookTests {
    private func calls(_ root: TemporaryRoot) -> [String] {
        ((try? String(contentsOfFile: root.path + "/calls.log", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    private func environment(_ root: TemporaryRoot, _ job: String) throws -> [String: String] {
        let text = try String(contentsOfFile: root.path + "/env-" + job, encoding: .utf8)
        var out: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { out[parts[0]] = parts[1] }
        }
        return out
    }

    /// Sets the root's top-level `on_job_end`.
    private func setHook(_ root: TemporaryRoot, _ command: [String]) throws {
        try root.reconfigure { $0.onJobEnd = command }
    }

    private func recordingHook(_ root: TemporaryRoot) throws -> String {
        try root.script("""
            env | grep '^INTAKE_' > "\(root.path)/env-$INTAKE_JOB_ID"
            echo "$INTAKE_JOB_ID" >> "\(root.path)/calls.log"
            echo "hook saw $INTAKE_STATUS with $INTAKE_FAILED failed"
            """)
    }

    @Test func everyEndedJobRunsItsHookOnceWithItsVariables() throws {
        let root = try TemporaryRoot()
        let script = try recordingHook(root)
        try setHook(root, [script])
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        try root.drop("acme/payments/copy.csv", PaymentsCSV.mixed)
        try root.drop("nope__payments__x.csv", PaymentsCSV.mixed)
        let run = try IntakeBinary.run(["run", root.path])
        #expect(run.status == 0, "\(run.stderr)")
        let jobs = try root.jobs()
        #expect(Set(jobs.map(\.status)) == [.done, .duplicate, .rejected])
        #expect(calls(root).sorted() == jobs.map(\.jobID).sorted())
        #expect(run.stderr.contains("event=hook_output"))
        #expect(run.stderr.contains("hook saw DONE with 9 failed"))

        let done = try #require(jobs.first { $0.status == .done })
        let variables = try environment(root, done.jobID)
        #expect(variables["INTAKE_JOB_ID"] == done.jobID)
        #expect(variables["INTAKE_WORKSPACE"] == "acme")
        #expect(variables["INTAKE_TYPE"] == "payments")
        #expect(variables["INTAKE_STATUS"] == "DONE")
        #expect(variables["INTAKE_TOTAL"] == "12")
        #expect(variables["INTAKE_FAILED"] == "9")
        #expect(variables["INTAKE_RESULT"] == root.root.outbox("acme") + "/\(done.jobID).result.json")
        let rejected = try #require(jobs.first { $0.status == .rejected })
        #expect(try environment(root, rejected.jobID)["INTAKE_RESULT"] == root.root.outbox("_unrouted") + "/\(rejected.jobID).result.json")

        // Not more than needed: another run finds no hook owed.
        _ = try IntakeBinary.run(["run", root.path])
        #expect(calls(root).count == 3)
        #expect(try SQLiteCatalogue(root: root.root).jobs().allSatisfy { $0.hookState == "done" })
    }

    @Test func importRunsTheHookOfItsJob() throws {
        let root = try TemporaryRoot()
        let script = try recordingHook(root)
        var configuration = try Configuration.load(path: root.root.configuration)
        configuration.workspaces["acme"]?.onJobEnd = [script]
        try configuration.json().write(toFile: root.root.configuration, atomically: true, encoding: .utf8)
        let file = root.path + "/upload.csv"
        try (PaymentsCSV.header + PaymentsCSV.valid.joined()).write(toFile: file, atomically: true, encoding: .utf8)
        let imported = try IntakeBinary.run(["import", root.path, "--workspace", "acme", "--type", "payments", file])
        #expect(imported.status == 0, "\(imported.stderr)")
        let job = try #require(try root.jobs().first)
        #expect(calls(root) == [job.jobID])
        #expect(try environment(root, job.jobID)["INTAKE_FAILED"] == "0")
    }

    @Test func aHangingHookIsKilledWithItsGrandchildAndTheJobStaysDone() throws {
        let root = try TemporaryRoot()
        let script = try root.script("""
            sleep 60 &
            echo $! > "\(root.path)/grandchild.pid"
            echo started
            sleep 60
            """)
        var configuration = try Configuration.load(path: root.root.configuration)
        configuration.onJobEnd = [script]
        configuration.hookTimeoutSeconds = 1
        try configuration.json().write(toFile: root.root.configuration, atomically: true, encoding: .utf8)
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        let started = Date()
        let run = try IntakeBinary.run(["run", root.path])
        #expect(Date().timeIntervalSince(started) < 15)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("event=hook_failed"))
        #expect(run.stderr.contains("hook_timeout_seconds"))
        let job = try #require(try root.jobs().first)
        #expect(job.status == .done)
        #expect(job.hookState == "failed")
        let pid = Int32((try String(contentsOfFile: root.path + "/grandchild.pid", encoding: .utf8))
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(pid > 0)
        // Gone, or a zombie waiting for its new parent to reap it: never still sleeping.
        let alive = eventually(within: 5) {
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            return stat.isEmpty || stat.contains(") Z ")
        }
        #expect(alive)
    }

    @Test func recoveryRunsAHookThatNeverRanOnce() throws {
        let root = try TemporaryRoot()
        let script = try recordingHook(root)
        try setHook(root, [script])
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        // The job ends in a process that stops before it runs hooks (in-process pass: no hook dispatch).
        _ = try root.runPass()
        let job = try #require(try root.jobs().first)
        #expect(job.status == .done)
        #expect(try SQLiteCatalogue(root: root.root).job(job.jobID)?.hookState == "pending")
        #expect(calls(root).isEmpty)

        _ = try IntakeBinary.run(["run", root.path])
        #expect(calls(root) == [job.jobID])
        _ = try IntakeBinary.run(["run", root.path])
        #expect(calls(root) == [job.jobID])
    }
}

/// deploy/notify-failed-rows.sh, the example hook, with a stand-in sendmail.
@Suite struct ExampleHookTests {
    @Test func theExampleHookMailsASummaryWhenRowsFailed() throws {
        let root = try TemporaryRoot()
        let example = Repository.root.appendingPathComponent("deploy/notify-failed-rows.sh").path
        let sendmail = root.path + "/sendmail"
        try "#!/bin/sh\ncat >> \"\(root.path)/mail.txt\"\n".write(toFile: sendmail, atomically: true, encoding: .utf8)
        chmod(sendmail, 0o755)
        var configuration = try Configuration.load(path: root.root.configuration)
        configuration.onJobEnd = ["/usr/bin/env", "SENDMAIL=" + sendmail, example, "ops@example.com"]
        try configuration.json().write(toFile: root.root.configuration, atomically: true, encoding: .utf8)
        try root.drop("acme/payments/clean.csv", PaymentsCSV.header + PaymentsCSV.valid.joined())
        try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
        let run = try IntakeBinary.run(["run", root.path])
        #expect(run.status == 0, "\(run.stderr)")
        let mail = try String(contentsOfFile: root.path + "/mail.txt", encoding: .utf8)
        #expect(mail.components(separatedBy: "To: ops@example.com").count == 2, "one mail, for the job with failed rows")
        #expect(mail.contains("Subject: [intake] acme payments: DONE, 9 of 12 rows failed"))
        #expect(mail.contains(".rejected.csv"))
        #expect(mail.contains("iban_checksum"))
        #expect(run.stderr.contains("event=hook_output"))
    }
}
