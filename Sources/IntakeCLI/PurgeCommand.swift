import Foundation
import IntakeCore
import IntakeEngine
import IntakeSystem

/// `intake purge ROOT --older-than DAYS [--dry-run]`: retention. For jobs that
/// finished more than DAYS ago, removes their outbox files, their originals in
/// `archive/` and `failed/`, and their entries in the workspace store; the
/// catalogue rows stay as the summary, and the stored records stay (they are
/// the workspace's data). A workspace busy with a job is skipped and said so.
enum PurgeCommand {
    static func run(_ arguments: [String], console: Console) throws -> ExitCode {
        let args = try Arguments(arguments, valued: ["older-than"], flags: ["dry-run"])
        guard args.positionals.count == 1, let text = args.value("older-than"), let days = Double(text), days >= 0 else {
            throw CommandError(.usage, "usage: intake purge ROOT --older-than DAYS [--dry-run]")
        }
        let (root, storage) = try IntakeCommand.existingRoot(args.positionals[0])
        let dry = args.flag("dry-run")
        let verb = dry ? "would remove" : "removed"
        let cutoff = Timestamp(milliseconds: Timestamp.now().milliseconds - Int64(days * 86_400_000))
        let catalogue = try storage.openCatalogue()
        let jobs = try catalogue.finished(before: cutoff)
        var files = 0
        var entries = 0
        for (workspace, group) in Dictionary(grouping: jobs, by: \.workspace).sorted(by: { $0.key < $1.key }) {
            let store = try storage.hasStore(workspace) ? storage.openStore(workspace) : nil
            guard let lock = try storage.locks.tryAcquire(workspace, job: nil, store: store) else {
                console.print("skipped \(workspace): busy with a job; purge again later")
                continue
            }
            defer { lock.release() }
            for job in group {
                for path in try paths(of: job, root: root) {
                    if !dry { try FileManager.default.removeItem(atPath: path) }
                    console.print("\(verb) \(path)")
                    files += 1
                }
                if let store, let sequence = try store.appliedSequence(job: job.jobID) {
                    let count = try store.countEntries(sequence: sequence)
                    if !dry { try store.deleteEntries(sequence: sequence) }
                    if count > 0 { console.print("\(verb) \(count) entries of job \(job.jobID)") }
                    entries += count
                }
            }
        }
        console.print("\(verb) \(files) file(s) and \(entries) entries of \(jobs.count) job(s) finished before \(cutoff.rfc3339); catalogue rows kept")
        return .ok
    }

    /// The outbox files and originals of a job that still exist.
    static func paths(of job: JobRecord, root: Root) throws -> [String] {
        let outbox = root.outbox(job.workspace)
        var found = try FileSystem.list(outbox).filter { $0.hasPrefix(job.jobID + ".") }.map { outbox + "/" + $0 }
        if let original = try root.original(of: job) { found.append(original) }
        return found
    }
}
