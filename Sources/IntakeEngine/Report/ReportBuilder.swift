import IntakeCore
import IntakeSystem

/// Builds a job's outbox while its rows stream past: `JOB.errors.csv` and
/// `JOB.rejected.EXT` are written as it goes (under temporary names), `progress`
/// is kept up to ``JobResult/progressLimit`` rows, counts by code are summed.
/// ``commit(_:)`` renames the files into place with `result.json` last.
public final class ReportBuilder {
    /// The outbox folder of the workspace.
    public let folder: String
    /// The job.
    public let jobID: String
    private let mode: UInt32
    /// Encrypts every file of the report (`encrypt_reports_to`); nil: plain.
    private let sealer: (any FileSealer)?
    private let errors: BufferedFile
    private var rejected: (any RejectedRecordsWriter)?
    /// The rejected file's extension and writer; nil for a report that never sees a row.
    private let rejectedFile: (extension: String, make: RejectedFactory)?

    /// Rows seen.
    public private(set) var total = 0
    /// Rows stored.
    public private(set) var succeeded = 0
    /// Rows that failed.
    public private(set) var failed = 0
    /// Rows with warnings (stored or not).
    public private(set) var warnings = 0
    /// Error count per code.
    public private(set) var codeCounts: [String: Int] = [:]
    /// Rows listed in progress (their JSON is kept aside, in memory or a scratch file).
    public private(set) var progressCount = 0
    private let progress: SpillBuffer
    private var progressDropped = false
    /// Whether progress was cut at the limit.
    public private(set) var progressTruncated = false
    /// Warnings about the document as a whole.
    public var documentWarnings: [RowIssue] = []
    /// The first failed rows' errors, for `JOB.report.html`.
    private var failedRows: [HTMLReportInput.FailedRow] = []
    private var failedRowsTruncated = false
    /// The first line of `JOB.errors.csv`: a UTF-8 BOM and the column names.
    public static let errorsHeader = "\u{FEFF}row,line,path,id,field,code,message,value\n"
    /// The most error lines the HTML report lists (every one is in the errors CSV).
    package static let htmlRowLimit = 1_000

    /// Creates the rejected file's writer (path, mode, sealer) on the first failed row.
    public typealias RejectedFactory = (String, UInt32, (any FileSealer)?) throws(SystemError) -> any RejectedRecordsWriter

    /// Starts the report files of `jobID` in `folder`; the rejected rows go to
    /// `JOB.rejected.EXT` through the writer `makeRejected` creates. With
    /// `sealer`, every file is encrypted as it is written, named with its suffix.
    public convenience init(
        folder: String, jobID: String, mode: UInt32, sealer: (any FileSealer)? = nil, rejectedExtension: String,
        makeRejected: @escaping RejectedFactory
    ) throws(SystemError) {
        try self.init(folder: folder, jobID: jobID, mode: mode, sealer: sealer, rejectedFile: (rejectedExtension, makeRejected))
    }

    private init(
        folder: String, jobID: String, mode: UInt32, sealer: (any FileSealer)?,
        rejectedFile: (extension: String, make: RejectedFactory)?
    ) throws(SystemError) {
        self.folder = folder
        self.jobID = jobID
        self.mode = mode
        self.sealer = sealer
        self.rejectedFile = rejectedFile
        try FileSystem.createDirectories(folder)
        errors = try BufferedFile(path: folder + "/" + jobID + ".errors.csv", mode: mode, sealer: sealer)
        // A UTF-8 BOM first, so spreadsheets (Excel in any locale) read the accents right.
        try errors.write(ReportBuilder.errorsHeader)
        progress = SpillBuffer(path: folder + "/." + jobID + ".progress", spills: sealer == nil)
    }

    /// The report of a job that ends before any row is read (refused, failed
    /// as a document, a duplicate): it never writes a rejected file, so it
    /// names no format.
    public static func withoutRows(
        folder: String, jobID: String, mode: UInt32, sealer: (any FileSealer)? = nil
    ) throws(SystemError) -> ReportBuilder {
        try ReportBuilder(folder: folder, jobID: jobID, mode: mode, sealer: sealer, rejectedFile: nil)
    }

    /// Counts a row that passed with no issue at all (the fast path).
    @inline(__always)
    public func addClean() {
        total += 1
        succeeded += 1
    }

    /// Records a row with issues; `raw` is its original bytes for the rejected file.
    public func add(
        row: Int, line: Int?, position: String? = nil, id: String?, issues: [Issue], raw: UnsafeBufferPointer<UInt8>?,
        group: Int = 0
    ) throws(SystemError) {
        total += 1
        let rowErrors = issues.filter { $0.severity == .error }
        let rowWarnings = issues.filter { $0.severity == .warning }
        if rowErrors.isEmpty { succeeded += 1 } else { failed += 1 }
        if !rowWarnings.isEmpty { warnings += 1 }
        // The rejected file's writer, when the row goes there: it may name each field's cell.
        let rejected = rowErrors.isEmpty || raw == nil || rejectedFile == nil ? nil : try rejectedWriter()
        for issue in rowErrors {
            codeCounts[issue.code, default: 0] += 1
            let path = position ?? line.flatMap { rejected?.cell(field: issue.field, line: $0) }
            if failedRows.count < ReportBuilder.htmlRowLimit {
                var failedRow = HTMLReportInput.FailedRow(row: row, line: line, id: id, field: issue.field, code: issue.code,
                                                          value: issue.value, message: issue.description)
                failedRow.path = path
                failedRows.append(failedRow)
            } else {
                failedRowsTruncated = true
            }
            try errors.write(CSVCell.line([
                String(row), line.map(String.init) ?? "", path ?? "", id ?? "", issue.field, issue.code, issue.description,
                issue.value ?? "",
            ]))
        }
        if let rejected, let raw {
            try rejected.add(raw: raw, group: group)
        }
        if progressCount < JobResult.progressLimit && !progressDropped {
            try progress.write(JSONWriter.arrayElement(ProgressItem.value(
                row: row, line: line, position: position, id: id, errors: rowErrors.map(RowIssue.init),
                warnings: rowWarnings.map(RowIssue.init)), index: progressCount, level: 2))
            progressCount += 1
        } else {
            progressTruncated = true
        }
    }

    /// Records a document-level failure as the one line of the errors CSV.
    public func addDocumentError(_ error: JobError) throws(SystemError) {
        codeCounts[error.code, default: 0] += 1
        try errors.write(CSVCell.line(["", error.line.map(String.init) ?? "", "", "", "", error.code, error.message, ""]))
    }

    private func rejectedWriter() throws(SystemError) -> any RejectedRecordsWriter {
        if let rejected { return rejected }
        guard let rejectedFile else { preconditionFailure("a report without rows writes no rejected file") }
        let writer = try rejectedFile.make(folder + "/" + jobID + ".rejected." + rejectedFile.extension, mode, sealer)
        rejected = writer
        return writer
    }

    /// Forgets the rows' progress entries (a document failed as a whole keeps
    /// its errors CSV and rejected rows, but its result lists no rows).
    public func dropProgress() {
        progressCount = 0
        progressTruncated = false
        progressDropped = true
    }

    /// Puts the report files in place: errors and rejected rows first, then
    /// `JOB.result.json` as the sign that the job's outbox is complete.
    public func commit(_ job: JobRecord) throws(SystemError) {
        try errors.commit()
        try rejected?.commit()
        let html = try BufferedFile(path: folder + "/" + jobID + ".report.html", mode: mode, sealer: sealer)
        try html.write(HTMLReport.render(htmlInput(job)))
        try html.commit()
        var result = JobResult(job: job, includeProgress: true)
        result.progressTruncated = progressTruncated
        result.documentWarnings = documentWarnings
        // The rows stream from the temporary file into `progress`.
        let file = try BufferedFile(path: folder + "/" + jobID + ".result.json", mode: mode, sealer: sealer)
        var writer = JSONWriter(.pretty)
        try writer.write(result.json, streamedKey: "progress") { (writer: inout JSONWriter) throws(SystemError) -> Int in
            try file.write(writer.take())
            guard !progressDropped else { return 0 }
            try progress.copy(to: file)
            return progressCount
        }
        try file.write(writer.take() + "\n")
        try file.commit()
        try FileSystem.syncDirectory(folder)
    }
}

extension ReportBuilder {
    /// What `JOB.report.html` shows of `job`.
    package func htmlInput(_ job: JobRecord) -> HTMLReportInput {
        var input = HTMLReportInput(
            jobID: job.jobID, workspace: job.workspace,
            type: ImportType(apiType: job.apiType)?.name ?? job.apiType ?? "-", sourceName: job.sourceName,
            status: job.status.rawValue, queuedAt: job.queuedAt.rfc3339)
        input.sourceLayers = job.sourceLayers
        input.startedAt = job.startedAt?.rfc3339
        input.finishedAt = job.finishedAt?.rfc3339
        if let start = job.startedAt, let end = job.finishedAt { input.durationSeconds = end.seconds(since: start) }
        input.total = job.total
        input.succeeded = job.succeeded
        input.failed = job.failed
        input.warnings = job.warnings
        input.documentError = job.error.map { ($0.code, $0.message, $0.line) }
        input.codeCounts = codeCounts.map { ($0.key, $0.value) }
        input.failedRows = failedRows
        input.failedRowsTruncated = failedRowsTruncated
        input.apiType = job.apiType
        if rejected != nil, let rejectedFile {
            input.rejectedFile = jobID + ".rejected." + rejectedFile.extension + (sealer?.suffix ?? "")
        }
        if let type = ImportType(apiType: job.apiType), job.workspace != Root.unrouted {
            input.dropFolder = "inbox/\(job.workspace)/\(type.name)/"
        }
        return input
    }
}

@available(*, unavailable)
extension ReportBuilder: Sendable {}
