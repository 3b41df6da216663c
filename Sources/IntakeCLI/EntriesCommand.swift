import IntakeCore
import IntakeEngine
import IntakeSystem

/// `intake entries ROOT JOB [--failed] [--limit N] [--json]`: the per-row
/// results of a job, read from its workspace's store (the API's
/// GET /imports/{id}/entries). No limit unless given.
enum EntriesCommand {
    static func run(_ arguments: [String], console: Console) throws -> ExitCode {
        let args = try Arguments(arguments, valued: ["limit"], flags: ["failed", "json"])
        guard args.positionals.count == 2 else {
            throw CommandError(.usage, "usage: intake entries ROOT JOB [--failed] [--limit N] [--json]")
        }
        var limit: Int?
        if let text = args.value("limit") {
            guard let parsed = Int(text), parsed > 0 else { throw CommandError(.usage, "--limit takes a positive number") }
            limit = parsed
        }
        let (_, storage) = try IntakeCommand.existingRoot(args.positionals[0])
        let id = args.positionals[1]
        guard let job = try storage.openCatalogue().job(id) else { throw CommandError(.noInput, "no job \(id) in \(storage.name)") }
        let store = try storage.hasStore(job.workspace) ? storage.openStore(job.workspace) : nil
        guard let store, let sequence = try store.appliedSequence(job: id) else {
            throw CommandError(.noInput, "job \(id) is \(job.status.rawValue) and stored no entries\(job.error.map { ": \($0.message)" } ?? "")")
        }
        let cursor = try store.entries(sequence: sequence, failedOnly: args.flag("failed"), limit: limit)
        if !args.flag("json") { console.print("ROW      LINE     STATUS   ID                      ISSUES") }
        let keepsExtra = ImportType(apiType: job.apiType).flatMap { $0.schema.extraField != nil ? $0 : nil }
        while let entry = try cursor.next() {
            // A stored record's properties kept as given (beneficiaries' entity and bank_details).
            var extra: String?
            if let keepsExtra, entry.status == "SUCCESS", let id = entry.recordID {
                extra = try store.extra(type: keepsExtra, recordID: id, sequence: sequence)
            }
            if args.flag("json") {
                console.write(JSONWriter.text(entry.json(extra: extra)) + "\n")
            } else {
                let codes = Issue.decodeEntries(entry.issuesJSON).map { "\($0.code)(\($0.field))" }.joined(separator: " ")
                console.print(pad(String(entry.row), 9) + pad(entry.line.map(String.init) ?? "-", 9) + pad(entry.status, 9)
                              + pad(entry.recordID ?? "-", 24) + codes + (extra.map { (codes.isEmpty ? "" : " ") + "extra " + $0 } ?? ""))
            }
        }
        return .ok
    }

}

private func pad(_ text: String, _ width: Int) -> String { IntakeCommand.pad(text, width) }
