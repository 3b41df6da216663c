import Foundation

/// Counts and hashes every byte the parser reads.
final class ReadObserver {
    let hasher = BackgroundHasher()
    var bytes: Int64 = 0

    func observe(_ chunk: UnsafeRawBufferPointer) {
        hasher.update(chunk)
        bytes += Int64(chunk.count)
    }

    func digest() -> String { hasher.digest() }
}

/// A document read to its end, its rows in an open transaction.
struct ImportedDocument {
    let transaction: ImportTransaction
    let report: ReportBuilder
    let sha256: String
}

/// A CSV document opened for a job: its reader past the header, the header's
/// mapping, and the report that the rows will fill.
struct OpenedCSV {
    let reader: CSVReader<FileByteSource>
    let mapping: HeaderMapping
    let report: ReportBuilder
    let observer: ReadObserver
}

extension JobRunner {
    func openCSV(_ job: ClaimedJob, file: FileDescriptor, schema: RecordSchema, mode: UInt32) throws -> OpenedCSV {
        let observer = ReadObserver()
        let reader = CSVReader(source: FileByteSource(file), observe: { observer.observe($0) })
        let header: [String]
        do {
            header = try reader.readHeader()
        } catch {
            throw try JobRunner.failure(error)
        }
        let mapping = try HeaderMapping(header: header, schema: schema)
        let report = try ReportBuilder(
            folder: root.outbox(workspace), jobID: job.record.jobID, mode: mode, rejectedExtension: "csv",
            rejectedPrefix: Array(reader.rawHeader), lineEnding: reader.lineEnding)
        report.documentWarnings = mapping.warnings
        return OpenedCSV(reader: reader, mapping: mapping, report: report, observer: observer)
    }

    /// Streams the rows into one store transaction and the report.
    func importCSV(
        job: ClaimedJob, record: inout JobRecord, file: FileDescriptor, schema: RecordSchema, mode: UInt32
    ) throws -> ImportedDocument {
        let document = try openCSV(job, file: file, schema: schema, mode: mode)
        let reader = document.reader
        let report = document.report
        let transaction = try store.beginImport(job: record.jobID, schema: schema, at: Timestamp.now())
        let validator = PaymentValidator()
        let row = CSVRow(reader: reader, mapping: document.mapping)
        var values = RecordValues(count: schema.fields.count)
        var issues: [Issue] = []
        var index = 0
        var lastReport = Timestamp.now()
        let total = record.sourceBytes ?? 0
        do {
            while try reader.next() {
                issues.removeAll(keepingCapacity: true)
                row.shapeIssues(into: &issues)
                if issues.isEmpty {
                    validator.validate(row, into: &values, issues: &issues)
                    if !issues.hasError, try !transaction.upsert(values) {
                        issues.append(Issue(
                            "duplicate_id", field: schema.fields[schema.idField].name,
                            description: "this id already appears on an earlier row of the same document",
                            bytes: row.value(schema.idField)))
                    }
                }
                let id = row.value(schema.idField)
                if issues.isEmpty {
                    try transaction.insertEntry(row: index, line: reader.line, recordID: id, failed: false, issuesJSON: nil)
                    report.addClean()
                } else {
                    try transaction.insertEntry(
                        row: index, line: reader.line, recordID: id, failed: issues.hasError,
                        issuesJSON: issues.entriesJSON())
                    try report.add(row: index, line: reader.line, id: id.map { String(decoding: $0, as: UTF8.self) },
                                   issues: issues, raw: reader.rawRecord)
                }
                index += 1
                if index & 1023 == 0 {
                    let now = Timestamp.now()
                    if now.seconds(since: lastReport) >= 0.5 {
                        lastReport = now
                        try catalogue.setProcessed(index, job: record.jobID)
                        onProgress?(index, document.observer.bytes, total)
                    }
                }
            }
        } catch {
            transaction.rollback()
            throw try JobRunner.failure(error)
        }
        onProgress?(index, document.observer.bytes, total)
        guard index > 0 else {
            transaction.rollback()
            throw DocumentFailure("no_records", "the file has a header but no rows; export it again with its rows", line: 2)
        }
        return ImportedDocument(transaction: transaction, report: report, sha256: document.observer.digest())
    }

    /// Rebuilds the report of a job whose transaction committed (recovery after a
    /// crash): outcomes from the stored entries, raw bytes from the claimed file.
    func rebuildReport(_ job: ClaimedJob, sequence: Int64) throws -> JobRecord {
        var record = job.record
        let file = try FileDescriptor.openForReading(job.workPath)
        let status = try file.status()
        guard let schema = job.type.schema else {
            preconditionFailure("an applied job has a type this build implements")
        }
        let document = try openCSV(job, file: file, schema: schema, mode: configuration.outboxMode & status.permissions)
        let cursor = try store.entries(sequence: sequence)
        while try document.reader.next() {
            guard let entry = try cursor.next() else { break }
            if entry.status == "SUCCESS" && entry.issuesJSON == nil {
                document.report.addClean()
            } else {
                try document.report.add(
                    row: entry.row, line: entry.line, id: entry.recordID,
                    issues: Issue.decodeEntries(entry.issuesJSON), raw: document.reader.rawRecord)
            }
        }
        let report = document.report
        record.sourceBytes = status.size
        record.sha256 = document.observer.digest()
        record.total = report.total
        record.processed = report.total
        record.succeeded = report.succeeded
        record.failed = report.failed
        record.warnings = report.warnings + report.documentWarnings.count
        record.status = .applied
        return try finish(job, record: record, report: report)
    }

    /// Turns a parser error into a document failure; passes other errors through.
    static func failure(_ error: any Error) throws -> DocumentFailure {
        guard let csv = error as? CSVError else { throw error }
        switch csv.kind {
        case .invalidUTF8:
            return DocumentFailure("invalid_encoding", csv.description, line: csv.line)
        case .unterminatedQuote:
            return DocumentFailure("csv_unterminated_quote", csv.description, line: csv.line)
        case .recordTooLong:
            return DocumentFailure("record_too_long", csv.description, line: csv.line)
        case .emptyDocument:
            return DocumentFailure("empty", "the file has no header line; export it again", line: 1)
        case .read(let message):
            throw SystemError("read", path: message, code: EIO)
        }
    }
}

extension Issue {
    /// Issues back from the JSON stored in `entries.issues`.
    static func decodeEntries(_ json: String?) -> [Issue] {
        guard let json, let array = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] else {
            return []
        }
        return array.map { item in
            Issue(item["code"] as? String ?? "", field: item["field"] as? String ?? "",
                  description: item["description"] as? String ?? "", value: item["value"] as? String,
                  severity: (item["severity"] as? String) == "warning" ? .warning : .error)
        }
    }
}
