import Foundation

/// Counts and hashes every byte the parser reads.
///
/// Hashing runs on whichever thread reads: during an import that is the
/// parsing thread, which has time to spare while the writing thread waits on
/// SQLite (a third thread for hashing only competed for the two cores).
final class ReadObserver: @unchecked Sendable {
    // Safe to share: used by one thread at a time; the reader is handed to the
    // parsing thread whole, and ``digest()`` is read after it has finished.
    private var hasher = SHA256()
    private(set) var bytes: Int64 = 0

    func observe(_ chunk: UnsafeRawBufferPointer) {
        hasher.update(chunk)
        bytes += Int64(chunk.count)
    }

    func digest() -> String { SHA256.hex(hasher.finalize()) }
}

/// A document read to its end, its rows in an open transaction.
struct ImportedDocument {
    let transaction: ImportTransaction
    let report: ReportBuilder
    let sha256: String
}

/// Moves a value that is not Sendable to the one other thread that will use
/// it from then on.
struct Transfer<Value>: @unchecked Sendable {
    // Safe to share: the sender never touches `value` after handing it over.
    let value: Value
    init(_ value: Value) { self.value = value }
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

    /// Streams the rows into one store transaction and the report. One thread
    /// parses and validates (``parseRows(_:into:)``), this one writes to SQLite
    /// and the report; batches of rows go between them.
    func importCSV(
        job: ClaimedJob, record: inout JobRecord, file: FileDescriptor, schema: RecordSchema, mode: UInt32
    ) throws -> ImportedDocument {
        let document = try openCSV(job, file: file, schema: schema, mode: mode)
        let report = document.report
        let transaction = try store.beginImport(job: record.jobID, schema: schema, at: Timestamp.now())
        let queue = BatchQueue(batches: 3, fieldCount: schema.fields.count)
        let parser = Transfer(document)
        // A thread of its own, not a Dispatch worker: the writer blocks while it
        // waits for rows, and Dispatch's pool may have no spare thread to run
        // the parser (several workspaces importing at once would deadlock).
        let thread = Thread { JobRunner.parseRows(parser.value, into: queue) }
        thread.name = "intake-parse"
        thread.start()
        var values = RecordValues(count: schema.fields.count)
        var index = 0
        var parserFinished = false
        var lastReport = Timestamp.now()
        let total = record.sourceBytes ?? 0
        let idName = schema.fields[schema.idField].name
        do {
            parsing: while true {
                let batch: RowBatch
                switch queue.take() {
                case .batch(let next): batch = next
                case .end:
                    parserFinished = true
                    break parsing
                case .failed(let error):
                    parserFinished = true
                    throw error
                }
                try batch.arena.withUnsafeBufferPointer { (arena) throws in
                    for row in 0..<batch.count {
                        var issues = batch.issues[row]
                        if !issues.hasError {
                            batch.values(row: row, arena: arena, into: &values)
                            if try !transaction.upsert(values) {
                                issues.append(Issue(
                                    "duplicate_id", field: idName,
                                    description: "this id already appears on an earlier row of the same document",
                                    bytes: batch.text(row: row, field: schema.idField, arena: arena)))
                            }
                        }
                        let id = batch.text(row: row, field: schema.idField, arena: arena)
                        let line = batch.lines[row]
                        if issues.isEmpty {
                            try transaction.insertEntry(row: index, line: line, recordID: id, failed: false, issuesJSON: nil)
                            report.addClean()
                        } else {
                            try transaction.insertEntry(
                                row: index, line: line, recordID: id, failed: issues.hasError, issuesJSON: issues.entriesJSON())
                            try report.add(row: index, line: line, id: id.map { String(decoding: $0, as: UTF8.self) },
                                           issues: issues, raw: batch.raw(row: row, arena: arena))
                        }
                        index += 1
                    }
                }
                let bytesRead = batch.bytesRead
                // Consumed, so the parser gets the arrays back uniquely owned and refills them in place.
                queue.recycle(consume batch)
                let now = Timestamp.now()
                if now.seconds(since: lastReport) >= 0.5 {
                    lastReport = now
                    try catalogue.setProcessed(index, job: record.jobID)
                    onProgress?(index, bytesRead, total)
                }
            }
        } catch {
            if !parserFinished { queue.cancelAndDrain() }
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

    /// The parsing thread: reads and validates every row into batches. Stops
    /// early when the writer cancels; ends the queue with `.end` or the error.
    static func parseRows(_ document: OpenedCSV, into queue: BatchQueue) {
        let reader = document.reader
        let row = CSVRow(reader: reader, mapping: document.mapping)
        let validator = PaymentValidator()
        var values = RecordValues(count: validator.schema.fields.count)
        var issues: [Issue] = []
        guard var batch = queue.takeFree() else { return queue.put(.end) }
        do {
            while try reader.next() {
                issues.removeAll(keepingCapacity: true)
                row.shapeIssues(into: &issues)
                if issues.isEmpty {
                    validator.validate(row, into: &values, issues: &issues)
                } else {
                    values.clear()
                    if let id = row.value(validator.schema.idField) { values[validator.schema.idField] = .text(id) }
                }
                batch.append(values, line: reader.line, raw: reader.rawRecord, issues: issues)
                if batch.isFull {
                    batch.bytesRead = reader.bytesRead
                    queue.put(.batch(consume batch))
                    guard let next = queue.takeFree() else { return queue.put(.end) }
                    batch = next
                }
            }
            batch.bytesRead = reader.bytesRead
            queue.put(.batch(batch))
            queue.put(.end)
        } catch {
            queue.put(.batch(batch))
            queue.put(.failed(error))
        }
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
