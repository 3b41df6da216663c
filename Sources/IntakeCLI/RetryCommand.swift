import IntakeCore
import IntakeEngine
import IntakeSystem

/// `intake retry ROOT JOB [--force] [--dry-run]`: imports an archived or
/// failed original again, in the foreground, as a new job. `--force` skips the
/// dedupe by content (for content already `DONE`); a `DUPLICATE` job needs
/// it. The new job records `retry_of`.
enum RetryCommand {
    static func run(_ arguments: [String], console: Console, logger: Logger) throws -> ExitCode {
        let args = try Arguments(arguments, valued: [], flags: ["force", "dry-run"])
        guard args.positionals.count == 2 else { throw CommandError(.usage, "usage: intake retry ROOT JOB [--force] [--dry-run]") }
        let (root, configuration) = try IntakeCommand.openRoot(args.positionals[0])
        let id = args.positionals[1]
        let storage = configuration.storage(for: root)
        guard let job = try storage.openCatalogue().job(id) else { throw CommandError(.noInput, "no job \(id) in \(storage.name)") }
        guard configuration.workspaces[job.workspace] != nil else {
            throw CommandError(.dataError, "job \(id) named no configured workspace; rename the file (\(Refusal.expectedNames(.standard))) and drop it again")
        }
        guard let type = ImportType(apiType: job.apiType) else {
            throw CommandError(.dataError, "job \(id) has no import type (its name gave none); rename the file and drop it again")
        }
        guard let original = try root.original(of: job) else {
            throw CommandError(.noInput, "the original of job \(id) is no longer in archive/ or failed/ (purged?)")
        }
        if job.status == .duplicate, !args.flag("force") {
            throw CommandError(
                .usage,
                "job \(id) is DUPLICATE: \(job.error?.message ?? "its content was already imported"); retrying it would only make another DUPLICATE. Use --force to import it again on purpose")
        }
        if args.flag("dry-run") {
            console.print("would import \(original) again as a new \(type.name) job for \(job.workspace)"
                          + (args.flag("force") ? ", even if its content was already imported" : ""))
            return .ok
        }
        return try ImportCommand.importFile(
            original, root: root, configuration: configuration, workspace: job.workspace, type: type,
            name: job.sourceName, force: args.flag("force"), retryOf: job.jobID, console: console, logger: logger)
    }
}
