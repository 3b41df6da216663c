import CPostgreSQL
import IntakeCore
import IntakeSystem

/// A `COPY … FROM STDIN` in progress on a ``PostgresConnection``: rows written
/// in the COPY's format (text, see ``CopyText``, or binary, see
/// ``CopyBinary``) are gathered in a 256 KiB buffer and sent with
/// `PQputCopyData` each time it fills.
///
/// Wraps <https://www.postgresql.org/docs/current/libpq-copy.html>. Writing
/// does not throw: the first failure to send (the connection lost) is kept in
/// ``failure``, later writes are dropped, and ``finish()`` throws it; a long
/// writer may check ``failure`` to stop early. A copy that is neither finished
/// nor aborted is aborted in `deinit`, so the connection is usable again.
/// Not Sendable, like its connection.
public final class PostgresCopy {
    /// Bytes gathered before one `PQputCopyData`.
    package static let bufferSize = 256 * 1024

    package let connection: PostgresConnection
    package let sql: String
    private var buffer: [UInt8] = []
    private var ended = false
    /// The first failure to send data, if any; ``finish()`` throws it.
    public private(set) var failure: PostgresError?

    package init(connection: PostgresConnection, sql: String) {
        self.connection = connection
        self.sql = sql
        buffer.reserveCapacity(Self.bufferSize)
    }

    deinit { abort("the COPY was abandoned without finish()") }

    /// Adds bytes already in COPY text format (whole rows or parts of rows).
    public func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !ended, failure == nil else { return }
        if buffer.count + bytes.count > Self.bufferSize {
            flush()
            if bytes.count >= Self.bufferSize {
                send(bytes)
                return
            }
        }
        buffer.append(contentsOf: bytes)
    }

    /// Adds text already in COPY text format.
    public func write(_ string: String) {
        var string = string
        string.withUTF8 { write($0) }
    }

    /// Lets `body` append to the buffer directly (with ``CopyText``), saving a
    /// copy; sends the buffer when it is full.
    public func append(_ body: (inout [UInt8]) -> Void) {
        guard !ended, failure == nil else { return }
        body(&buffer)
        if buffer.count >= Self.bufferSize { flush() }
    }

    /// Sends what is buffered, ends the COPY and waits for the server's verdict.
    /// - Returns: the number of rows copied.
    /// - Throws: ``PostgresError``: the first failure to send, or the server's
    ///   error about the data (a bad row aborts the whole COPY; inside a
    ///   transaction, the transaction is then failed and must be rolled back).
    public func finish() throws(PostgresError) -> Int {
        try finish(then: { _ in false }).copied
    }

    /// ``finish()`` for a COPY followed by more statements in the same query
    /// string (`COPY t FROM STDIN (…); EXECUTE s`), which the server runs
    /// without another round trip.
    /// - Returns: the rows copied, and the last statement's result: its rows
    ///   copied out when `keepRows`, told how many it returned or changed, says so.
    package func finish(then keepRows: (Int) -> Bool) throws(PostgresError) -> (copied: Int, last: PostgresRows) {
        precondition(!ended, "PostgresCopy.finish() called on a COPY already ended")
        flush()
        if let failure {
            abort(failure.message)
            throw failure
        }
        ended = true
        let handle = connection.requireHandle()
        guard connection.pq.PQputCopyEnd(handle, nil) == 1 else {
            throw connection.error(from: nil, sql: sql, operation: .copy)
        }
        var copied: Int?
        var last = PostgresRows(affected: 0)
        var firstError: PostgresError?
        while let result = connection.pq.PQgetResult(handle) {
            let status = connection.pq.PQresultStatus(result)
            if firstError == nil && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
                let affected = PostgresRows.affected(result, connection.pq)
                if copied == nil { copied = affected }
                last = status == PGRES_TUPLES_OK && keepRows(affected)
                    ? PostgresRows(result, connection.pq) : PostgresRows(affected: affected)
            } else if firstError == nil {
                firstError = connection.error(from: result, sql: sql, operation: .copy)
            }
            connection.pq.PQclear(result)
        }
        if let firstError { throw firstError }
        return (copied ?? 0, last)
    }

    /// Ends the COPY with an error: the server writes none of its rows, and an
    /// enclosing transaction is failed (roll it back). Does nothing when the COPY
    /// has already ended; never throws (a lost connection shows on the next call).
    public func abort(_ reason: String) {
        guard !ended else { return }
        ended = true
        buffer.removeAll(keepingCapacity: false)
        guard let handle = connection.handle, connection.pq.PQputCopyEnd(handle, reason) == 1 else { return }
        while let result = connection.pq.PQgetResult(handle) { connection.pq.PQclear(result) }
    }

    /// Sends the buffer, keeping its capacity.
    private func flush() {
        guard !buffer.isEmpty, failure == nil else { return }
        buffer.withUnsafeBufferPointer { send($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// `PQputCopyData` in chunks libpq accepts (its length is an `Int32`).
    private func send(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, failure == nil else { return }
        let handle = connection.requireHandle()
        var offset = 0
        while offset < bytes.count {
            let length = min(bytes.count - offset, 1 << 30)
            let sent = (base + offset).withMemoryRebound(to: CChar.self, capacity: length) {
                connection.pq.PQputCopyData(handle, $0, Int32(length))
            }
            guard sent == 1 else {
                failure = connection.error(from: nil, sql: sql, operation: .copy)
                return
            }
            offset += length
        }
    }
}

@available(*, unavailable)
extension PostgresCopy: Sendable {}
