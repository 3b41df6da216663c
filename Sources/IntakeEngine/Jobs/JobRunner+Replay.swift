import IntakeCore
import IntakeSystem

extension JobRunner {
    /// Reads `document`'s rows again alongside their stored `entries`, adding
    /// each to `report` (recovery of a job that committed before a crash).
    package static func replay(_ document: some OpenedDocument, entries: any EntryCursor, into report: ReportBuilder) throws {
        let rows = document.cursor
        while try rows.next() {
            guard let entry = try entries.next() else { break }
            if entry.status == "SUCCESS" && entry.issuesJSON == nil {
                report.addClean()
            } else {
                let issues = Issue.decodeEntries(entry.issuesJSON)
                try report.add(
                    row: entry.row, line: entry.line, position: issues.isEmpty ? nil : rows.position, id: entry.recordID,
                    issues: issues, raw: rows.raw, group: rows.group)
            }
        }
    }
}
