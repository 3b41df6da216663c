import Foundation

/// A job record as the catalogue's columns (both backends): `columns` in
/// order, each value as text (nil for NULL).
extension JobRecord {
    /// The catalogue's columns, in the order of ``columnTexts`` and ``init(columnText:)``.
    package static let columns = """
        job_id, workspace, type, status, source_name, source_format, source_bytes, sha256, queued_at, \
        started_at, finished_at, total, processed, succeeded, failed, warnings, attempts, error, work_name, update_payments, retry_of, source_layers, content_sha256, hook_state
        """

    /// The column names, one each.
    package static let columnNames = columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }

    /// The values a save writes: every column but `hook_state`, which the
    /// catalogue keeps itself.
    package var columnTexts: [String?] {
        [
            jobID, workspace, apiType, status.rawValue, sourceName, sourceFormat, sourceBytes.map(String.init), sha256,
            queuedAt.rfc3339, startedAt?.rfc3339, finishedAt?.rfc3339, String(total), String(processed), String(succeeded),
            String(failed), String(warnings), String(attempts), error.map(JobRecord.encode), workName,
            updatePayments.map { $0 ? "1" : "0" }, retryOf,
            sourceLayers.isEmpty ? nil : sourceLayers.joined(separator: ","), contentSha256,
        ]
    }

    /// A record from its columns' text (`text(i)` is column `i` of ``columns``).
    package init(columnText text: (Int) -> String?) {
        self.init(
            jobID: text(0) ?? "", workspace: text(1) ?? "", apiType: text(2),
            status: JobStatus(rawValue: text(3) ?? "") ?? .failed, sourceName: text(4) ?? "",
            queuedAt: text(8).flatMap(Timestamp.init(rfc3339:)) ?? Timestamp(milliseconds: 0))
        sourceFormat = text(5)
        sourceBytes = text(6).flatMap { Int64($0) }
        sha256 = text(7)
        startedAt = text(9).flatMap(Timestamp.init(rfc3339:))
        finishedAt = text(10).flatMap(Timestamp.init(rfc3339:))
        total = text(11).flatMap { Int($0) } ?? 0
        processed = text(12).flatMap { Int($0) } ?? 0
        succeeded = text(13).flatMap { Int($0) } ?? 0
        failed = text(14).flatMap { Int($0) } ?? 0
        warnings = text(15).flatMap { Int($0) } ?? 0
        attempts = text(16).flatMap { Int($0) } ?? 0
        error = text(17).flatMap { try? JSONDecoder().decode(JobError.self, from: Data($0.utf8)) }
        workName = text(18)
        updatePayments = text(19).flatMap { Int($0) }.map { $0 != 0 }
        retryOf = text(20)
        sourceLayers = text(21).map { $0.split(separator: ",").map(String.init) } ?? []
        contentSha256 = text(22)
        hookState = text(23)
    }

    /// The `error` column: the job error as JSON with sorted keys.
    package static func encode(_ error: JobError) -> String {
        JSONWriter.text(error.json)
    }
}
