import IntakeCore
import IntakeEngine
import IntakeSystem

/// What `intake validate` prints on a terminal: a summary a person reads.
extension ValidateCommand {
    /// The most failed rows listed.
    static let summaryRows = 20

    /// Counts, errors by code, and the first failed rows (line, field, value,
    /// message), read from the throwaway root's store before it is removed.
    static func printSummary(_ record: JobRecord, storage: any Storage, console: Console) throws {
        console.print("\(record.sourceName): \(record.status.rawValue) — \(record.total) rows, \(record.succeeded) valid, \(record.failed) invalid, \(record.warnings) with warnings")
        if let error = record.error {
            console.print("document error \(error.code)\(error.line.map { " at line \($0)" } ?? ""): \(error.message)")
        }
        guard record.failed > 0, try storage.hasStore(workspace) else { return }
        let store = try storage.openStore(workspace)
        guard let sequence = try store.appliedSequence(job: record.jobID) else { return }
        var counts: [String: Int] = [:]
        var lines: [String] = []
        let cursor = try store.entries(sequence: sequence, failedOnly: true, limit: nil)
        while let entry = try cursor.next() {
            for issue in Issue.decodeEntries(entry.issuesJSON) where issue.severity == .error {
                counts[issue.code, default: 0] += 1
                if lines.count < summaryRows {
                    let at = entry.line.map { "line \($0)" } ?? "row \(entry.row)"
                    let value = issue.value.map { " \"\($0)\"" } ?? ""
                    lines.append("  \(IntakeCommand.pad(at, 11))\(IntakeCommand.pad(issue.field, 22))\(issue.code)\(value): \(issue.description)")
                }
            }
        }
        console.print("errors by code: " + counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        console.print("first failed rows:")
        for line in lines { console.print(line) }
        if record.failed > summaryRows { console.print("  … (--json or --outbox DIR for every row)") }
    }
}
