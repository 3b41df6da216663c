import CPostgreSQL
import IntakeCore
import IntakeSystem

/// Statements prepared once per connection and kept across jobs, and
/// `COPY … FROM STDIN` of bytes already encoded.
extension PostgresConnection {
    /// Runs `sql` with `parameters` (text; `nil` is NULL) as a statement prepared
    /// on this connection the first time it is run: later runs, in this job or
    /// any later job on the same connection, skip parsing and planning. A
    /// prepared statement outlives a rolled-back transaction; one whose tables
    /// were dropped and made again is planned again by the server.
    ///
    /// `keepRows` is told the number of rows the statement returned or changed
    /// and says whether to copy the rows out (else only ``PostgresRows/affected`` is set).
    package func runCached(
        _ sql: String, _ parameters: [String?] = [], keepRows: (Int) -> Bool = { _ in true }
    ) throws(PostgresError) -> PostgresRows {
        let name = try preparedName(sql)
        let connection = requireHandle()
        try checkParameters(parameters, sql: sql)
        let result = withCStrings(parameters) { values in
            pq.PQexecPrepared(connection, name, Int32(values.count), values, nil, nil, 0)
        }
        if let result, pq.PQresultStatus(result) == PGRES_TUPLES_OK || pq.PQresultStatus(result) == PGRES_COMMAND_OK {
            let affected = PostgresRows.affected(result, pq)
            if !keepRows(affected) {
                pq.PQclear(result)
                return PostgresRows(affected: affected)
            }
        }
        return try consume(result, sql: sql, keepRows: true)
    }

    /// The name `sql` is prepared under on this connection (for `EXECUTE`),
    /// prepared now if it was not yet; see ``runCached(_:_:keepRows:)``.
    package func preparedName(_ sql: String) throws(PostgresError) -> String {
        if let known = cachedStatements[sql] { return known }
        let name = "intake_s\(cachedStatements.count + 1)"
        try prepare(name, sql)
        cachedStatements[sql] = name
        return name
    }

    /// Runs `sql`, a `COPY … FROM STDIN` (optionally after other statements,
    /// `TRUNCATE t; COPY t FROM STDIN`), sends `data` (already in the COPY's
    /// format, for binary with ``CopyBinary/header`` and ``CopyBinary/trailer``)
    /// and waits for the server's verdict.
    /// - Returns: the number of rows copied.
    package func copy(_ sql: String, data: UnsafeBufferPointer<UInt8>) throws(PostgresError) -> Int {
        let copy = try copyIn(sql)
        copy.write(data)
        return try copy.finish()
    }

    /// ``copy(_:data:)`` for a `COPY` followed by one more statement in `sql`
    /// (`COPY t FROM STDIN (…); EXECUTE s`): one round trip fewer.
    /// - Returns: that statement's result, its rows copied out when `keepRows` says so.
    package func copy(_ sql: String, data: UnsafeBufferPointer<UInt8>, then keepRows: (Int) -> Bool) throws(PostgresError)
        -> PostgresRows
    {
        let copy = try copyIn(sql)
        copy.write(data)
        return try copy.finish(then: keepRows).last
    }
}
