import IntakeCore
import IntakeSystem

/// The binary representation each column of a table takes in
/// `COPY … (FORMAT binary)`, read from the server's catalogue rather than
/// assumed: a field in the wrong representation would be refused (an integer
/// of the wrong width) or, worse, stored as other text.
package struct CopyColumns: Sendable {
    /// The types ``CopyBinary`` writes.
    package enum Kind: Sendable, Equatable {
        case text, bigint, integer
    }

    /// By column, in the order asked for.
    package let kinds: [Kind]
    /// The column names, for messages.
    package let names: [String]

    /// The kinds of `columns` of `table` (a qualified, quoted name).
    /// - Throws: ``StorageError`` when a column is missing or of a type
    ///   binary COPY does not write here (only `text`, `bigint`, `integer`).
    package init(table: String, columns: [String], on connection: PostgresConnection) throws {
        let rows = try connection.runCached("""
            SELECT attname, format_type(atttypid, NULL) FROM pg_attribute
            WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped
            """, [table])
        var types: [String: String] = [:]
        for row in 0..<rows.count { if let name = rows.text(row, 0) { types[name] = rows.text(row, 1) } }
        kinds = try columns.map { column in
            switch types[column] {
            case "text": .text
            case "bigint": .bigint
            case "integer": .integer
            case let other:
                throw StorageError(
                    "column \(column) of \(table) is \(other.map { "of type \($0)" } ?? "missing"), which Intake's "
                        + "binary COPY does not write; the store's schema is not one this Intake made")
            }
        }
        names = columns
    }

    /// Appends `value` as column `index` takes it: text as text, an integer as
    /// a `bigint` or `integer`, an integer into a text column as its decimal
    /// digits, decimal text into an integer column as its value.
    /// - Throws: ``StorageError`` for a value the column cannot hold.
    package func append(_ value: FieldValue, column index: Int, to buffer: inout [UInt8]) throws {
        switch (value, kinds[index]) {
        case (.null, _): CopyBinary.appendNull(to: &buffer)
        case (.text(let bytes), .text): CopyBinary.appendText(bytes, to: &buffer)
        case (.integer(let number), .text): CopyBinary.appendText(String(number), to: &buffer)
        case (.integer(let number), .bigint): CopyBinary.appendInt64(number, to: &buffer)
        case (.integer(let number), .integer): CopyBinary.appendInt32(try narrow(number, column: index), to: &buffer)
        case (.text(let bytes), let kind):
            guard let number = Int64(String(decoding: bytes, as: UTF8.self)) else {
                throw StorageError("column \(names[index]) holds integers; the value is not one")
            }
            if kind == .integer {
                CopyBinary.appendInt32(try narrow(number, column: index), to: &buffer)
            } else {
                CopyBinary.appendInt64(number, to: &buffer)
            }
        }
    }

    private func narrow(_ number: Int64, column index: Int) throws -> Int32 {
        guard let narrow = Int32(exactly: number) else {
            throw StorageError("column \(names[index]) holds 32-bit integers; \(number) is out of range")
        }
        return narrow
    }
}
