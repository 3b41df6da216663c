import CPostgreSQL
import IntakeCore
import IntakeSystem

/// The rows a statement returned, copied out of libpq's result (which is then
/// freed): text values as PostgreSQL prints them (`t`/`f` for booleans), `nil` for NULL.
///
/// Rows and columns are 0-based; an index out of range is a programmer error.
public struct PostgresRows: Equatable, Sendable {
    /// The number of rows.
    public let count: Int
    /// The column names, in order.
    public let columns: [String]
    /// The rows the command touched (`PQcmdTuples`: INSERT, UPDATE, DELETE,
    /// MERGE, SELECT, MOVE, FETCH, COPY), 0 for any other command.
    public let affected: Int
    /// Row-major values.
    private let values: [String?]

    /// A result with no rows kept.
    package init(affected: Int) {
        count = 0
        columns = []
        self.affected = affected
        values = []
    }

    /// Copies a successful result's rows.
    package init(_ result: OpaquePointer, _ pq: LibPQ) {
        let rows = Int(pq.PQntuples(result))
        let fields = Int(pq.PQnfields(result))
        count = rows
        columns = (0..<fields).map { column in pq.PQfname(result, Int32(column)).map { String(cString: $0) } ?? "" }
        affected = Self.affected(result, pq)
        var values: [String?] = []
        values.reserveCapacity(rows * fields)
        for row in 0..<Int32(rows) {
            for column in 0..<Int32(fields) {
                if pq.PQgetisnull(result, row, column) != 0 {
                    values.append(nil)
                } else {
                    values.append(pq.PQgetvalue(result, row, column).map { String(cString: $0) } ?? "")
                }
            }
        }
        self.values = values
    }

    /// `PQcmdTuples` as a number, 0 when the command reports none.
    package static func affected(_ result: OpaquePointer, _ pq: LibPQ) -> Int {
        pq.PQcmdTuples(result).flatMap { Int(String(cString: $0)) } ?? 0
    }

    /// The value at `row`, `column` as text; `nil` for NULL.
    public func text(_ row: Int, _ column: Int) -> String? {
        precondition(row >= 0 && row < count, "row \(row) out of 0..<\(count)")
        precondition(column >= 0 && column < columns.count, "column \(column) out of 0..<\(columns.count)")
        return values[row * columns.count + column]
    }

    /// True when the value at `row`, `column` is NULL.
    public func isNull(_ row: Int, _ column: Int) -> Bool { text(row, column) == nil }

    /// The value as a 64-bit integer; `nil` for NULL or text that is not an integer.
    public func int64(_ row: Int, _ column: Int) -> Int64? { text(row, column).flatMap { Int64($0) } }

    /// The value as an `Int`; `nil` for NULL or text that is not an integer.
    public func int(_ row: Int, _ column: Int) -> Int? { text(row, column).flatMap { Int($0) } }

    /// The value as a boolean (`t`/`f`); `nil` for NULL or anything else.
    public func bool(_ row: Int, _ column: Int) -> Bool? {
        switch text(row, column) {
        case "t": true
        case "f": false
        default: nil
        }
    }
}
