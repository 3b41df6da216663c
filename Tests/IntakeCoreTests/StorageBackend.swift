@testable import IntakeKit
import IntakeTestSupport

/// The storage drivers the contract suites run against, each fresh and empty:
/// the in-memory driver, SQLite in a temporary root, and PostgreSQL on a new
/// database of the test cluster.
enum StorageBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case memory, sqlite, postgres

    var description: String { rawValue }

    /// A fresh storage; `Fresh` keeps its temporary root alive.
    func make() throws -> Fresh {
        switch self {
        case .memory: return Fresh(storage: InMemoryStorage(), root: nil)
        case .sqlite:
            let root = try TemporaryRoot()
            return Fresh(storage: SQLiteStorage(root: root.root), root: root)
        case .postgres:
            return Fresh(storage: PostgresStorage(url: try PostgresServer.running().makeDatabase()), root: nil)
        }
    }

    /// A storage and what must outlive it.
    struct Fresh {
        let storage: any Storage
        let root: TemporaryRoot?
    }
}

/// Rows of one job for a contract test: the record id, whether the row fails
/// validation, and its `extra` JSON (for a type that keeps one).
struct ContractRow {
    var id: String
    var failed = false
    var extra: String? = nil
}

extension RecordStore {
    /// Imports `rows` as job `job` of `type` in one batch and commits (or,
    /// with `commit: false`, rolls back): a row that fails or repeats an id of
    /// the same job gets a failed entry, as the engine writes it. Returns the
    /// job's sequence and the `duplicates` the store reported.
    @discardableResult
    func importJob(
        _ job: String, _ type: ImportType, _ rows: [ContractRow], commit: Bool = true
    ) throws -> (sequence: Int64, duplicates: [Bool]) {
        let schema = type.schema
        let transaction = try beginImport(job: job, schema: schema, at: Timestamp(milliseconds: 1_795_000_000_000))
        let batch = ContractRow.batch(rows, schema: schema)
        var duplicates = Array(repeating: false, count: rows.count)
        try batch.arena.withUnsafeBufferPointer { (arena) throws in
            try transaction.upsertRecords(of: batch, arena: arena, duplicates: &duplicates)
        }
        for (index, row) in rows.enumerated() {
            let failed = row.failed || duplicates[index]
            let issues = failed ? #"[{"code":"\#(row.failed ? "required" : "duplicate_id")"}]"# : nil
            try Array(row.id.utf8).withUnsafeBufferPointer { id in
                try transaction.insertEntry(row: index, line: index + 2, recordID: id, failed: failed, issuesJSON: issues)
            }
        }
        try transaction.finishBatch()
        if commit { try transaction.commit() } else { transaction.rollback() }
        return (transaction.sequence, duplicates)
    }
}

extension ContractRow {
    /// One batch of `rows`: the id and `extra` as given, decimals 12.50,
    /// every other field "x" (no store constraint reads more).
    static func batch(_ rows: [ContractRow], schema: RecordSchema) -> RowBatch {
        var batch = RowBatch(fieldCount: schema.fields.count, arenaReserve: 4096)
        for row in rows {
            let texts: [String?] = schema.fields.indices.map { index in
                if index == schema.idField { return row.id }
                if index == schema.extraField { return row.extra }
                return "x"
            }
            let buffers = texts.map { text in
                text.map { text -> UnsafeMutableBufferPointer<UInt8> in
                    let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: text.utf8.count)
                    _ = buffer.initialize(from: text.utf8)
                    return buffer
                }
            }
            defer { buffers.forEach { $0?.deallocate() } }
            var values = RecordValues(count: schema.fields.count)
            for (index, field) in schema.fields.enumerated() {
                if field.kind == .decimal {
                    values[index] = .integer(1250)
                } else if let buffer = buffers[index] {
                    values[index] = .text(UnsafeBufferPointer(buffer))
                }
            }
            let issues = row.failed ? [Issue("required", field: schema.fields[0].name, description: "missing")] : []
            batch.append(
                values, line: nil, position: nil, group: 0, raw: UnsafeBufferPointer(start: nil, count: 0), issues: issues)
        }
        return batch
    }
}
