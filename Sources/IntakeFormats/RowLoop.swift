import IntakeSystem
import IntakeCore

extension OpenedDocument {
    /// The row loop (``RowLoop/parseRows(_:validator:into:)``), compiled for
    /// this document's concrete cursor.
    func parseRows(validator: SchemaValidator, into queue: BatchQueue) {
        RowLoop.parseRows(self, validator: validator, into: queue)
    }
}

/// The import's row loop, shared by every format.
enum RowLoop {
    /// The parsing thread: reads and validates every row of `document` into
    /// batches. Stops early when the writer cancels; ends the queue with `.end`
    /// or the error. Generic over the document so that it is compiled for each
    /// format's concrete cursor (``OpenedDocument/parseRows(validator:into:)``): it lives beside
    /// the formats so that it is specialised with them.
    static func parseRows<Document: OpenedDocument>(
        _ document: Document, validator: SchemaValidator, into queue: BatchQueue
    ) {
        let cursor = document.cursor
        let idField = validator.schema.idField
        var values = RecordValues(count: validator.schema.fields.count)
        var issues: [Issue] = []
        var count = 0
        var limit: RecordLimit?
        var maxRecords: Int?
        guard var batch = queue.takeFree() else { return queue.put(.end) }
        do {
            while try cursor.next() {
                count += 1
                if count == 1 {
                    limit = document.recordLimit
                    maxRecords = limit?.count
                }
                if let maxRecords, count > maxRecords, let limit { throw limit.failure }
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
}
