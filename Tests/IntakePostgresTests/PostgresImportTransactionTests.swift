import IntakeKit
import Testing
import IntakeTestSupport

/// ``PostgresImportTransaction`` on the test cluster: the staging tables, the
/// duplicates it reports and the statements it keeps across jobs.
@Suite struct PostgresImportTransactionTests {
    private let schema = ImportType.payments.schema

    /// A batch of payments: `ids` as given (raw bytes), every other field `x`
    /// except `reference`, and the amount 12.50.
    private func batch(_ ids: [[UInt8]], reference: (Int) -> [UInt8] = { _ in Array("x".utf8) }) -> RowBatch {
        var batch = RowBatch(fieldCount: schema.fields.count, arenaReserve: 1 << 16)
        for (row, id) in ids.enumerated() {
            let texts: [[UInt8]] = schema.fields.indices.map { index in
                if index == schema.idField { return id }
                return schema.fields[index].name == "reference" ? reference(row) : Array("x".utf8)
            }
            let buffers = texts.map { text in
                let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(text.count, 1))
                _ = buffer.initialize(from: text)
                return UnsafeBufferPointer(rebasing: buffer[0..<text.count])
            }
            defer { buffers.forEach { UnsafeMutableBufferPointer(mutating: $0).deallocate() } }
            var values = RecordValues(count: schema.fields.count)
            for (index, field) in schema.fields.enumerated() {
                values[index] = field.kind == .decimal ? .integer(1250) : .text(buffers[index])
            }
            batch.append(values, line: nil, position: nil, group: 0, raw: UnsafeBufferPointer(start: nil, count: 0), issues: [])
        }
        return batch
    }

    /// Runs `batches` as one job and commits; returns the duplicates reported per batch.
    @discardableResult
    private func importJob(_ job: String, _ batches: [RowBatch], into store: PostgresStore) throws -> [[Bool]] {
        let transaction = try store.beginImport(job: job, schema: schema, at: Timestamp(milliseconds: 1_795_000_000_000))
        var reported: [[Bool]] = []
        var row = 0
        for batch in batches {
            var duplicates = Array(repeating: false, count: batch.count)
            try batch.arena.withUnsafeBufferPointer { (arena) throws in
                try transaction.upsertRecords(of: batch, arena: arena, duplicates: &duplicates)
                for index in 0..<batch.count {
                    try transaction.insertEntry(
                        row: row, line: row + 2, recordID: batch.text(row: index, field: schema.idField, arena: arena),
                        failed: duplicates[index], issuesJSON: duplicates[index] ? #"[{"code":"duplicate_id"}]"# : nil)
                    row += 1
                }
            }
            try transaction.finishBatch()
            reported.append(Array(duplicates.prefix(batch.count)))
        }
        try transaction.commit()
        return reported
    }

    private func openStore() throws -> PostgresStore {
        let storage = PostgresStorage(url: try PostgresServer.running().makeDatabase())
        return try #require(try storage.openStore("acme") as? PostgresStore)
    }

    @Test func aRowTooWideForAPageGoesThroughTheWideStagingTableAndIsStoredWhole() throws {
        let store = try openStore()
        let long = Array(String(repeating: "Zürich\t€ line\n", count: 1_200).utf8)  // 19,200 bytes
        let ids = (0..<5).map { Array("P\($0)".utf8) }
        try importJob("job-wide", [batch(ids, reference: { $0 == 3 ? long : Array("short".utf8) }), batch([Array("P9".utf8)])], into: store)
        let rows = try store.connection.query(#"SELECT payment_id, reference FROM "ws_acme".payments ORDER BY 1"#)
        #expect(rows.count == 6)
        #expect(rows.text(3, 1) == String(decoding: long, as: UTF8.self))
        #expect(rows.text(0, 1) == "short" && rows.text(5, 1) == "x")
        #expect(try store.connection.query(#"SELECT count(*) FROM "ws_acme".entries"#).int(0, 0) == 6)
        // The usual staging table has no TOAST table (its TRUNCATE stays cheap); the wide one has.
        let toast = try store.connection.query("""
            SELECT relname, reltoastrelid <> 0 FROM pg_class
            WHERE relname IN ('intake_stage_payments', 'intake_stage_wide_payments') AND relpersistence = 't' ORDER BY 1
            """)
        #expect(toast.count == 2)
        #expect(toast.text(0, 0) == "intake_stage_payments" && toast.text(0, 1) == "f")
        #expect(toast.text(1, 0) == "intake_stage_wide_payments" && toast.text(1, 1) == "t")
    }

    @Test func idsPostgreSQLStoresAsOneTextAreDuplicatesInABatchAndAcrossBatches() throws {
        let store = try openStore()
        // 0xFF and 0xFE are both stored as U+FFFD; a NUL too.
        let first: [[UInt8]] = [[0x41, 0xFF], [0x41, 0xFE], [0x42, 0x00], Array("C".utf8), [0x42, 0xFF]]
        let second: [[UInt8]] = [Array("D".utf8), [0x41, 0xC0], Array("C".utf8), [0x42, 0xC1]]
        let reported = try importJob("job-repair", [batch(first), batch(second)], into: store)
        #expect(reported[0] == [false, true, false, false, true])
        #expect(reported[1] == [false, true, true, true])
        let ids = try store.connection.query(#"SELECT payment_id FROM "ws_acme".payments ORDER BY 1"#)
        #expect((0..<ids.count).map { ids.text($0, 0) } == ["A\u{FFFD}", "B\u{FFFD}", "C", "D"])
        // A later job updates the same ids: none of them is a duplicate then.
        let again = try importJob("job-again", [batch(first)], into: store)
        #expect(again[0] == [false, true, false, false, true])
        #expect(try store.connection.query(#"SELECT count(*) FROM "ws_acme".payments WHERE job_seq = 2"#).int(0, 0) == 3)
    }

    @Test func statementsArePreparedOnceAndKeptAcrossJobsAndRollbacks() throws {
        let store = try openStore()
        try importJob("job-1", [batch([Array("A".utf8)]), batch([Array("B".utf8)])], into: store)
        let prepared = try store.connection.query("SELECT count(*) FROM pg_prepared_statements").int(0, 0)
        #expect((prepared ?? 0) >= 2)
        let rolledBack = try store.beginImport(job: "job-2", schema: schema, at: Timestamp(milliseconds: 1_795_000_000_000))
        let one = batch([Array("C".utf8)])
        var duplicates = [false]
        try one.arena.withUnsafeBufferPointer { try rolledBack.upsertRecords(of: one, arena: $0, duplicates: &duplicates) }
        rolledBack.rollback()
        try importJob("job-3", [batch([Array("D".utf8), Array("A".utf8)]), batch([Array("E".utf8)])], into: store)
        #expect(try store.connection.query("SELECT count(*) FROM pg_prepared_statements").int(0, 0) == prepared)
        let ids = try store.connection.query(#"SELECT payment_id FROM "ws_acme".payments ORDER BY 1"#)
        #expect((0..<ids.count).map { ids.text($0, 0) } == ["A", "B", "D", "E"])
    }
}
