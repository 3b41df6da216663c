import IntakeCore
import IntakeEngine
import IntakeSystem

/// `intake verify ROOT [--content] [--json]`: checks that the root is whole
/// (see ``RootAudit``; `--content` also hashes every archived original) and
/// prints the counts. Exits 0 when it is, 65 when anything
/// is wrong (each problem on its own line); work the next run will finish
/// (claimed files, unfinished jobs) is listed as pending, not as a problem.
enum VerifyCommand {
    static func run(_ arguments: [String], console: Console) throws -> ExitCode {
        let args = try Arguments(arguments, valued: [], flags: ["json", "content"])
        guard args.positionals.count == 1 else { throw CommandError(.usage, "usage: intake verify ROOT [--content] [--json]") }
        let (root, storage) = try IntakeCommand.existingRoot(args.positionals[0])
        let audit = try RootAudit.run(root, storage: storage, content: args.flag("content"))
        let jobs = JobStatus.allCases.compactMap { status in audit.jobs[status].map { "\(status.rawValue) \($0)" } }
        if args.flag("json") {
            let counts = JobStatus.allCases.compactMap { status in audit.jobs[status].map { (status.rawValue, JSONValue.int($0)) } }
            console.print(JSONWriter.text(.object([
                ("jobs", .object(counts)), ("stores", .int(audit.stores)), ("applied_jobs", .int(audit.appliedJobs)),
                ("entries", .int(audit.entries)), ("records", .int(audit.records)),
                ("originals_checked", .int(audit.originalsChecked)), ("pending", .strings(audit.pending)),
                ("problems", .strings(audit.problems)),
            ])))
        } else {
            console.print("jobs: " + (jobs.isEmpty ? "none" : jobs.joined(separator: ", ")))
            console.print("stores: \(audit.stores), applied jobs: \(audit.appliedJobs), entries: \(audit.entries), records: \(audit.records)")
            console.print("archived originals checked: \(audit.originalsChecked)" + (args.flag("content") ? " (size and SHA-256)" : " (size; --content adds SHA-256)"))
            for item in audit.pending { console.print("pending: " + item) }
            for problem in audit.problems { console.print("problem: " + problem) }
            console.print(audit.problems.isEmpty ? "ok: integrity checks pass and the catalogue and the stores agree" : "\(audit.problems.count) problem(s)")
        }
        return audit.problems.isEmpty ? .ok : .dataError
    }
}
