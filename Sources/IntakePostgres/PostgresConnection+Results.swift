import CPostgreSQL
import IntakeCore
import IntakeSystem

/// Turning libpq's results into ``PostgresRows`` or ``PostgresError``, and
/// handing it C strings.
extension PostgresConnection {
    /// Checks `result`, copies its rows out when `keepRows`, and clears it.
    /// A `nil` result (libpq out of memory or unable to send) is an error.
    package func consume(
        _ result: OpaquePointer?, sql: String?, keepRows: Bool, operation: PostgresError.Operation = .statement
    ) throws(PostgresError) -> PostgresRows {
        defer { pq.PQclear(result) }
        guard let result else { throw error(from: nil, sql: sql, operation: operation) }
        let status = pq.PQresultStatus(result)
        switch status {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return keepRows ? PostgresRows(result, pq) : PostgresRows(affected: PostgresRows.affected(result, pq))
        case PGRES_BAD_RESPONSE, PGRES_NONFATAL_ERROR, PGRES_FATAL_ERROR:
            throw error(from: result, sql: sql, operation: operation)
        default:
            // COPY statements go through copyIn; nothing here uses pipelines or single-row mode.
            preconditionFailure(
                "unexpected libpq result \((pq.PQresStatus(status).map { String(cString: $0) } ?? "?")) for: \(sql?.prefix(200) ?? "")")
        }
    }

    /// The error in `result`, or the connection's last error when there is no result.
    package func error(from result: OpaquePointer?, sql: String?, operation: PostgresError.Operation) -> PostgresError {
        let sqlState = result.flatMap { pq.PQresultErrorField($0, Self.field("C")) }.map { String(cString: $0) }
        var message = result.flatMap { pq.PQresultErrorField($0, Self.field("M")) }.map { Self.oneLine($0) } ?? ""
        if message.isEmpty, let handle { message = Self.oneLine(pq.PQerrorMessage(handle)) }
        if message.isEmpty, let result {
            message = "unexpected result \(pq.PQresStatus(pq.PQresultStatus(result)).map { String(cString: $0) } ?? "?")"
        }
        if message.isEmpty { message = "libpq returned no result (out of memory, or the connection is gone)" }
        return PostgresError(
            operation, sqlState: sqlState, message: message, sql: sql, server: server,
            connectionBad: handle.map { pq.PQstatus($0) == CONNECTION_BAD } ?? true)
    }

    /// Throws SQLSTATE 22021 when a parameter holds a NUL byte: libpq would
    /// silently cut the value there, and PostgreSQL text cannot store NUL anyway.
    package func checkParameters(_ parameters: [String?], sql: String) throws(PostgresError) {
        for (index, parameter) in parameters.enumerated() where parameter?.utf8.contains(0) ?? false {
            throw PostgresError(
                .statement, sqlState: "22021",
                message: "parameter $\(index + 1) holds a NUL byte, which PostgreSQL text cannot store",
                sql: sql, server: server, connectionBad: false)
        }
    }

    /// libpq's diagnostic field code for a letter (`PG_DIAG_SQLSTATE` is `'C'`).
    package static func field(_ letter: Unicode.Scalar) -> Int32 { Int32(letter.value) }

    /// A libpq message on one line: a leading `ERROR:`/`FATAL:` dropped, line
    /// breaks and runs of spaces turned into one space.
    package static func oneLine(_ text: UnsafePointer<CChar>?) -> String {
        text.map { oneLine(String(cString: $0)) } ?? ""
    }

    /// `text` on one line, as the C-string `oneLine` does.
    package static func oneLine(_ text: String) -> String {
        var words = text.split(whereSeparator: \.isWhitespace)
        if let first = words.first, first == "ERROR:" || first == "FATAL:" { words.removeFirst() }
        return words.joined(separator: " ")
    }
}

/// Runs `body` with C copies of `strings` (`nil` stays a null pointer), freed afterwards.
package func withCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let copies: [UnsafeMutableBufferPointer<CChar>?] = strings.map { string in
        guard let string else { return nil }
        let bytes = string.utf8CString
        let copy = UnsafeMutableBufferPointer<CChar>.allocate(capacity: bytes.count)
        _ = copy.initialize(from: bytes)
        return copy
    }
    defer { for copy in copies { copy?.deallocate() } }
    return body(copies.map { $0?.baseAddress.map { UnsafePointer($0) } })
}
