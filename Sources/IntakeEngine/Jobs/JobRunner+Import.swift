import Foundation
import IntakeCore
import IntakeSystem

/// A document read to its end, its rows in an open transaction.
package struct ImportedDocument {
    package let transaction: any ImportTransaction
    package let report: ReportBuilder
    package let sha256: String
    /// The layers' names, outermost first, and the document's SHA-256 inside them (layered drops only).
    package let layers: [String]
    package let contentSha256: String?
    /// Papaya's `update_payments`, stored on the job.
    package let updatePayments: Bool?
}

/// Moves a value that is not Sendable to the one other thread that will use
/// it from then on.
package struct Transfer<Value>: @unchecked Sendable {
    // Safe to share: the sender never touches `value` after handing it over.
    package let value: Value
    package init(_ value: Value) { self.value = value }
}

extension JobRunner {
    /// The handler of the job's format.
    package func handler(for job: ClaimedJob) throws(DocumentFailure) -> any DocumentHandler {
        guard let handler = drivers.handlers.handler(for: job.format) else {
            throw DocumentFailure(
                "unsupported_format",
                "no reader for \(job.format.rawValue) documents; drop it as one of \(drivers.handlers.formats(for: job.type).map(\.rawValue).joined(separator: ", "))",
                errorCode: 415)
        }
        return handler
    }

    /// What the job's format handler reads the claimed file with: through
    /// its layers (`june.csv.gz`), stacked here, when its name has any.
    package func documentInput(_ job: ClaimedJob, file: FileDescriptor) throws -> DocumentInput {
        let (documentExtension, layers) = drivers.handlers.split(job.record.sourceName)
        let stack = try layers.isEmpty ? nil : LayerStack(
            file: file, layers: layers,
            context: LayerContext(
                documentExtension: documentExtension, maxFileBytes: configuration.maxFileBytes, keysFolder: keysFolder ?? root.keys,
                openPGP: configuration.workspaces[workspace]?.openPGP ?? OpenPGPPolicy()))
        return DocumentInput(
            file: file, type: job.type,
            settings: configuration.workspaces[workspace]?.settings(for: job.type) ?? InputSettings(),
            sourceExtension: documentExtension.isEmpty ? job.format.rawValue : documentExtension,
            maxFileBytes: configuration.maxFileBytes, layers: stack)
    }

    /// Opens the claimed file with `handler`, reading up to the first record,
    /// and starts the job's report with the format's rejected-file writer.
    package func openDocument(
        _ job: ClaimedJob, input: DocumentInput, handler: any DocumentHandler, mode: UInt32
    ) throws -> (document: any OpenedDocument, report: ReportBuilder) {
        let document: any OpenedDocument
        do {
            document = try handler.open(input)
        } catch {
            throw try JobRunner.failure(error, input: input)
        }
        let report = try ReportBuilder(
            folder: root.outbox(workspace), jobID: job.record.jobID, mode: mode, sealer: reportSealer(),
            rejectedExtension: document.rejectedExtension
        ) { (path, mode, sealer) throws(SystemError) in
            try document.makeRejectedWriter(path: path, mode: mode, sealer: sealer)
        }
        return (document, report)
    }

    /// The document warnings of a document read to its end: the encoding's, then the format's.
    package func documentWarnings(_ document: any OpenedDocument, input: DocumentInput) -> [RowIssue] {
        (input.encoding.warning.map { [$0] } ?? []) + document.warnings
    }

    /// Streams the rows into one store transaction and the report. One thread
    /// parses and validates (``parseRows(_:validator:recordLimit:into:)``), this
    /// one writes to SQLite and the report; batches of rows go between them.
    package func importDocument(
        job: ClaimedJob, record: inout JobRecord, file: FileDescriptor, mode: UInt32
    ) throws -> ImportedDocument {
        try importDocument(job: job, record: &record, file: file, mode: mode, handler: handler(for: job))
    }

    /// ``importDocument(job:record:file:mode:)`` with the format's `handler`.
    package func importDocument(
        job: ClaimedJob, record: inout JobRecord, file: FileDescriptor, mode: UInt32, handler: any DocumentHandler
    ) throws -> ImportedDocument {
        let schema = job.type.schema
        let input = try documentInput(job, file: file)
        let settings = input.settings
        let (document, report) = try openDocument(job, input: input, handler: handler, mode: mode)
        try store.prepareImport(expectedBytes: record.sourceBytes)
        let transaction = try store.beginImport(job: record.jobID, schema: schema, at: Timestamp.now())
        let plan = ParsePlan(bytes: record.sourceBytes, sizePredictsRows: handler.sizePredictsRows && input.layers == nil)
        let queue = BatchQueue(batches: plan.batches, fieldCount: schema.fields.count, arenaReserve: plan.arenaReserve)
        let parser = Transfer(document)
        let parse: @Sendable () -> Void = {
            let validator = SchemaValidator(
                schema: schema, decimalComma: settings.decimalComma, dateFormat: settings.dateFormat,
                thousands: settings.thousandsSeparator)
            // One dynamic call: the loop inside is compiled for the format's cursor.
            parser.value.parseRows(validator: validator, into: queue)
        }
        if plan.inline {
            parse()
        } else {
            // A thread of its own, not a Dispatch worker: the writer blocks while it
            // waits for rows, and Dispatch's pool may have no spare thread to run
            // the parser (several workspaces importing at once would deadlock).
            let thread = Thread(block: parse)
            thread.name = "intake-parse"
            thread.start()
        }
        var duplicates = [Bool](repeating: false, count: RowBatch.capacity)
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
                    if duplicates.count < batch.count { duplicates = [Bool](repeating: false, count: batch.count) }
                    try transaction.upsertRecords(of: batch, arena: arena, duplicates: &duplicates)
                    for row in 0..<batch.count {
                        var issues = batch.issues[row]
                        if !issues.hasError {
                            if duplicates[row] {
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
                    try transaction.finishBatch()
                }
                // Against the dropped size: for a layered drop, how much of the dropped file was consumed.
                let bytesRead = input.layers?.droppedProgress ?? batch.bytesRead
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
            // Every layer read to its end: its CRC or signature is known only there.
            try input.layers?.finish(observing: input.observer)
        } catch {
            if !parserFinished { queue.cancelAndDrain() }
            transaction.rollback()
            throw try JobRunner.failure(error, input: input)
        }
        onProgress?(index, input.layers?.dropped.bytes ?? input.observer.bytes, total)
        guard index > 0 else {
            transaction.rollback()
            throw document.noRecords
        }
        report.documentWarnings = documentWarnings(document, input: input)
        return ImportedDocument(
            transaction: transaction, report: report, sha256: input.layers?.dropped.digest() ?? input.observer.digest(),
            layers: input.layers?.names ?? [], contentSha256: input.layers.map { _ in input.observer.digest() },
            updatePayments: document.updatePayments)
    }

    /// Rebuilds the report of a job whose transaction committed (recovery after a
    /// crash): outcomes from the stored entries, raw bytes from the claimed file.
    package func rebuildReport(_ job: ClaimedJob, sequence: Int64) throws -> JobRecord {
        var record = job.record
        let file = try FileDescriptor.openForReading(job.workPath)
        let status = try file.status()
        let input = try documentInput(job, file: file)
        let (document, report) = try openDocument(
            job, input: input, handler: handler(for: job),
            mode: configuration.outboxMode(for: workspace, original: status.permissions))
        try Self.replay(document, entries: try store.entries(sequence: sequence), into: report)
        report.documentWarnings = documentWarnings(document, input: input)
        // What the job recorded before the crash (when it got as far as APPLIED)
        // against what the claimed file holds now: written to after the commit?
        try input.layers?.finish(observing: input.observer)
        let digest = input.layers?.dropped.digest() ?? input.observer.digest()
        var change: HeldDrop.Change?
        if let recorded = record.sha256, recorded != digest {
            change = HeldDrop.Change(sizeBefore: record.sourceBytes ?? status.size, sizeNow: status.size, openedForWriting: false)
        } else {
            record.sourceBytes = status.size
            record.sha256 = digest
            record.sourceLayers = input.layers?.names ?? []
            record.contentSha256 = input.layers.map { _ in input.observer.digest() }
        }
        record.updatePayments = document.updatePayments
        record.total = report.total
        record.processed = report.total
        record.succeeded = report.succeeded
        record.failed = report.failed
        record.warnings = report.warnings + report.documentWarnings.count
        record.status = .applied
        return try finish(job, record: record, report: report, change: change)
    }
}
