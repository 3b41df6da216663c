import Foundation

/// Counts and hashes every byte the parser reads, and notes the first NUL byte.
///
/// Hashing runs on whichever thread reads: during an import that is the
/// parsing thread, which has time to spare while the writing thread waits on
/// SQLite (a third thread for hashing only competed for the two cores).
final class ReadObserver: @unchecked Sendable {
    // Safe to share: used by one thread at a time; the reader is handed to the
    // parsing thread whole, and ``digest()`` is read after it has finished.
    private var hasher = SHA256()
    private(set) var bytes: Int64 = 0
    /// The last byte read (at the end: whether the file ends with a line break).
    private(set) var lastByte: UInt8?
    /// Offset of the first NUL byte, if any: no text format Intake reads holds one.
    private(set) var nulOffset: Int64?

    /// Hashes and counts `chunk`; notes a NUL byte when `nulIsBinary` (not in UTF-16, where NULs are half of every ASCII character).
    func observe(_ chunk: UnsafeRawBufferPointer, nulIsBinary: Bool = true) {
        hasher.update(chunk)
        if nulIsBinary, nulOffset == nil, let base = chunk.baseAddress, let found = memchr(base, 0, chunk.count) {
            nulOffset = bytes + Int64(base.distance(to: UnsafeRawPointer(found)))
        }
        bytes += Int64(chunk.count)
        if let last = chunk.last { lastByte = last }
    }

    func digest() -> String { SHA256.hex(hasher.finalize()) }

    /// The document failure for a NUL byte, once one was read.
    var nulFailure: DocumentFailure? {
        nulOffset.map {
            DocumentFailure(
                "nul_byte",
                "the file holds a NUL byte at byte \($0): it is binary or UTF-16, not text; export it again as UTF-8 (or set the workspace's encoding) text")
        }
    }
}

/// What ``InputSource`` throws at the first NUL byte, so that no reader takes
/// the rest for the end of the document.
struct NulByteRead: Error, CustomStringConvertible {
    var description: String { "a NUL byte" }
}

/// A document read to its end, its rows in an open transaction.
struct ImportedDocument {
    let transaction: ImportTransaction
    let report: ReportBuilder
    let sha256: String
    /// Papaya's `update_payments`, stored on the job.
    let updatePayments: Bool?
}

/// Moves a value that is not Sendable to the one other thread that will use
/// it from then on.
struct Transfer<Value>: @unchecked Sendable {
    // Safe to share: the sender never touches `value` after handing it over.
    let value: Value
    init(_ value: Value) { self.value = value }
}

extension JobRunner {
    /// Opens the claimed file as its format says, reading up to the first record.
    func openDocument(_ job: ClaimedJob, file: FileDescriptor, mode: UInt32) throws -> OpenedDocument {
        let settings = configuration.workspaces[workspace]?.settings(for: job.type) ?? InputSettings()
        let observer = ReadObserver()
        let choice = EncodingChoice(configured: settings.encoding)
        let source = InputSource(file, observer: observer, choice: choice, xml: job.format == .xml)
        do {
            switch job.format {
            case .csv: return try openCSV(job, source: source, observer: observer, choice: choice, settings: settings, mode: mode)
            case .json, .jsonLines:
                return try openJSON(job, source: source, observer: observer, choice: choice, settings: settings, mode: mode)
            case .xml: return try openXML(job, source: source, observer: observer, choice: choice, settings: settings, mode: mode)
            }
        } catch {
            throw try JobRunner.failure(error, observer: observer, choice: choice)
        }
    }

    private func openCSV(
        _ job: ClaimedJob, source: InputSource, observer: ReadObserver, choice: EncodingChoice, settings: InputSettings,
        mode: UInt32
    ) throws -> OpenedDocument {
        let reader = CSVReader(source: source)
        let header = try reader.readHeader()
        let context = HeaderMapping.Context(
            line: reader.headerLine, encoding: choice.current.name, delimiter: reader.delimiter)
        let mapping = try HeaderMapping(
            header: header, schema: job.type.schema, aliases: settings.columnAliases, context: context)
        let prefix = Array(reader.rawHeader)
        let lineEnding = reader.lineEnding
        let report = try ReportBuilder(
            folder: root.outbox(workspace), jobID: job.record.jobID, mode: mode, rejectedExtension: job.sourceExtension
        ) { (path, mode) throws(SystemError) in
            try CSVRejectedWriter(path: path, mode: mode, header: prefix, lineEnding: lineEnding, encoding: choice)
        }
        return OpenedDocument(
            cursor: .csv(CSVRow(reader: reader, mapping: mapping)), report: report, observer: observer, encoding: choice)
    }

    /// Streams the rows into one store transaction and the report. One thread
    /// parses and validates (``parseRows(_:validator:recordLimit:into:)``), this
    /// one writes to SQLite and the report; batches of rows go between them.
    func importDocument(
        job: ClaimedJob, record: inout JobRecord, file: FileDescriptor, mode: UInt32
    ) throws -> ImportedDocument {
        let schema = job.type.schema
        let settings = configuration.workspaces[workspace]?.settings(for: job.type) ?? InputSettings()
        let document = try openDocument(job, file: file, mode: mode)
        let report = document.report
        let transaction = try store.beginImport(job: record.jobID, schema: schema, at: Timestamp.now())
        let queue = BatchQueue(batches: 3, fieldCount: schema.fields.count)
        let parser = Transfer(document)
        // A thread of its own, not a Dispatch worker: the writer blocks while it
        // waits for rows, and Dispatch's pool may have no spare thread to run
        // the parser (several workspaces importing at once would deadlock).
        let thread = Thread {
            let document = parser.value
            let validator = SchemaValidator(
                schema: schema, decimalComma: settings.decimalComma, dateFormat: settings.dateFormat,
                thousands: settings.thousandsSeparator)
            switch document.cursor {
            case .csv(let row): JobRunner.parseRows(row, validator: validator, recordLimit: document.recordLimit, into: queue)
            case .flat(let row): JobRunner.parseRows(row, validator: validator, recordLimit: document.recordLimit, into: queue)
            }
        }
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
                        let line = batch.lines[row] == RowBatch.noLine ? nil : batch.lines[row]
                        if issues.isEmpty {
                            try transaction.insertEntry(row: index, line: line, recordID: id, failed: false, issuesJSON: nil)
                            report.addClean()
                        } else {
                            try transaction.insertEntry(
                                row: index, line: line, recordID: id, failed: issues.hasError, issuesJSON: issues.entriesJSON())
                            try report.add(row: index, line: line, position: batch.positions[row],
                                           id: id.map { String(decoding: $0, as: UTF8.self) },
                                           issues: issues, raw: batch.raw(row: row, arena: arena), group: Int(batch.groups[row]))
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
            try document.finalCheck()
        } catch {
            if !parserFinished { queue.cancelAndDrain() }
            transaction.rollback()
            throw try JobRunner.failure(error, observer: document.observer, choice: document.encoding)
        }
        onProgress?(index, document.observer.bytes, total)
        guard index > 0 else {
            transaction.rollback()
            throw DocumentFailure("no_records", job.format == .csv
                ? "the file has a header but no rows; export it again with its rows"
                : "the document holds no records; export it again with its records",
                line: job.format == .csv ? 2 : nil)
        }
        report.documentWarnings = document.warningsAtEnd(format: job.format)
        return ImportedDocument(transaction: transaction, report: report, sha256: document.observer.digest(),
                                updatePayments: document.updatePayments())
    }

    /// The parsing thread: reads and validates every row into batches. Stops
    /// early when the writer cancels; ends the queue with `.end` or the error.
    static func parseRows<Cursor: RecordCursor>(
        _ cursor: Cursor, validator: SchemaValidator, recordLimit: () -> Int?, into queue: BatchQueue
    ) {
        let idField = validator.schema.idField
        var values = RecordValues(count: validator.schema.fields.count)
        var issues: [Issue] = []
        var count = 0
        var maxRecords: Int?
        guard var batch = queue.takeFree() else { return queue.put(.end) }
        do {
            while try cursor.next() {
                count += 1
                if count == 1 { maxRecords = recordLimit() }
                if let maxRecords, count > maxRecords {
                    throw DocumentFailure(
                        "too_many_records",
                        "the body holds more than \(maxRecords) records, the API's limit for one request; split it, or drop the records as a plain JSON array or CSV, which have no limit",
                        errorCode: 413)
                }
                issues.removeAll(keepingCapacity: true)
                cursor.shapeIssues(into: &issues)
                if !cursor.failsWhole {
                    validator.validate(cursor, into: &values, issues: &issues)
                } else {
                    values.clear()
                    if let id = cursor.value(idField) { values[idField] = .text(id) }
                }
                batch.append(values, line: cursor.reportedLine, position: issues.isEmpty ? nil : cursor.position,
                             group: cursor.group, raw: cursor.raw, issues: issues)
                if batch.isFull {
                    batch.bytesRead = cursor.bytesRead
                    queue.put(.batch(consume batch))
                    guard let next = queue.takeFree() else { return queue.put(.end) }
                    batch = next
                }
            }
            batch.bytesRead = cursor.bytesRead
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
        let document = try openDocument(job, file: file, mode: configuration.outboxMode(for: workspace, original: status.permissions))
        let cursor = try store.entries(sequence: sequence)
        func replay<Cursor: RecordCursor>(_ rows: Cursor) throws {
            while try rows.next() {
                guard let entry = try cursor.next() else { break }
                if entry.status == "SUCCESS" && entry.issuesJSON == nil {
                    document.report.addClean()
                } else {
                    let issues = Issue.decodeEntries(entry.issuesJSON)
                    try document.report.add(
                        row: entry.row, line: entry.line, position: issues.isEmpty ? nil : rows.position, id: entry.recordID,
                        issues: issues, raw: rows.raw, group: rows.group)
                }
            }
        }
        switch document.cursor {
        case .csv(let rows): try replay(rows)
        case .flat(let rows): try replay(rows)
        }
        let report = document.report
        report.documentWarnings = document.warningsAtEnd(format: job.format)
        // What the job recorded before the crash (when it got as far as APPLIED)
        // against what the claimed file holds now: written to after the commit?
        let digest = document.observer.digest()
        var change: HeldDrop.Change?
        if let recorded = record.sha256, recorded != digest {
            change = HeldDrop.Change(sizeBefore: record.sourceBytes ?? status.size, sizeNow: status.size, openedForWriting: false)
        } else {
            record.sourceBytes = status.size
            record.sha256 = digest
        }
        record.updatePayments = document.updatePayments()
        record.total = report.total
        record.processed = report.total
        record.succeeded = report.succeeded
        record.failed = report.failed
        record.warnings = report.warnings + report.documentWarnings.count
        record.status = .applied
        return try finish(job, record: record, report: report, change: change)
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
                  severity: (item["severity"] as? String) == "warning" ? .warning : .error,
                  property: item["property"] as? String)
        }
    }
}
