import CPostgreSQL
import IntakeSystem
import IntakeCore

/// libpq, loaded with `dlopen` the first time PostgreSQL mode connects: a
/// root in SQLite mode never maps it (nor its twenty libraries: TLS,
/// Kerberos, LDAP…), which keeps every command's start and the daemon's memory
/// as they were. Each function is looked up once, with the exact type of its
/// declaration in `libpq-fe.h` (`shim.h` derives them).
package struct LibPQ: @unchecked Sendable {
    // Sendable: immutable C function pointers, resolved once.
    package let PQbackendPID: intake_PQbackendPID
    package let PQclear: intake_PQclear
    package let PQcmdTuples: intake_PQcmdTuples
    package let PQconnectdbParams: intake_PQconnectdbParams
    package let PQerrorMessage: intake_PQerrorMessage
    package let PQexec: intake_PQexec
    package let PQexecParams: intake_PQexecParams
    package let PQexecPrepared: intake_PQexecPrepared
    package let PQfinish: intake_PQfinish
    package let PQfname: intake_PQfname
    package let PQgetResult: intake_PQgetResult
    package let PQgetisnull: intake_PQgetisnull
    package let PQgetvalue: intake_PQgetvalue
    package let PQnfields: intake_PQnfields
    package let PQntuples: intake_PQntuples
    package let PQparameterStatus: intake_PQparameterStatus
    package let PQprepare: intake_PQprepare
    package let PQputCopyData: intake_PQputCopyData
    package let PQputCopyEnd: intake_PQputCopyEnd
    package let PQresStatus: intake_PQresStatus
    package let PQresultErrorField: intake_PQresultErrorField
    package let PQresultStatus: intake_PQresultStatus
    package let PQsetClientEncoding: intake_PQsetClientEncoding
    package let PQsetNoticeProcessor: intake_PQsetNoticeProcessor
    package let PQstatus: intake_PQstatus
    package let PQtransactionStatus: intake_PQtransactionStatus

    /// The library, or why it cannot be loaded.
    package static let loaded = Result { () throws(PostgresError) -> LibPQ in try LibPQ() }

    /// libpq's functions; throws when the library is missing.
    package static func functions() throws(PostgresError) -> LibPQ {
        switch loaded {
        case .success(let library): return library
        case .failure(let error): throw error
        }
    }

    private init() throws(PostgresError) {
        let handle: DynamicLibrary
        do {
            handle = try DynamicLibrary("libpq.so.5")
        } catch {
            let reason = error.reason
            throw PostgresError(
                .connect, sqlState: nil,
                message: "PostgreSQL mode needs libpq (\(reason)); install it with `apt-get install -y libpq5`",
                sql: nil, server: "-", connectionBad: true)
        }
        func symbol<F>(_ name: String, _ type: F.Type) throws(PostgresError) -> F {
            try handle.function(name, as: type) {
                PostgresError(
                    .connect, sqlState: nil, message: "the installed libpq has no \($0); install libpq5 from PostgreSQL 12 or later",
                    sql: nil, server: "-", connectionBad: true)
            }
        }
        PQbackendPID = try symbol("PQbackendPID", intake_PQbackendPID.self)
        PQclear = try symbol("PQclear", intake_PQclear.self)
        PQcmdTuples = try symbol("PQcmdTuples", intake_PQcmdTuples.self)
        PQconnectdbParams = try symbol("PQconnectdbParams", intake_PQconnectdbParams.self)
        PQerrorMessage = try symbol("PQerrorMessage", intake_PQerrorMessage.self)
        PQexec = try symbol("PQexec", intake_PQexec.self)
        PQexecParams = try symbol("PQexecParams", intake_PQexecParams.self)
        PQexecPrepared = try symbol("PQexecPrepared", intake_PQexecPrepared.self)
        PQfinish = try symbol("PQfinish", intake_PQfinish.self)
        PQfname = try symbol("PQfname", intake_PQfname.self)
        PQgetResult = try symbol("PQgetResult", intake_PQgetResult.self)
        PQgetisnull = try symbol("PQgetisnull", intake_PQgetisnull.self)
        PQgetvalue = try symbol("PQgetvalue", intake_PQgetvalue.self)
        PQnfields = try symbol("PQnfields", intake_PQnfields.self)
        PQntuples = try symbol("PQntuples", intake_PQntuples.self)
        PQparameterStatus = try symbol("PQparameterStatus", intake_PQparameterStatus.self)
        PQprepare = try symbol("PQprepare", intake_PQprepare.self)
        PQputCopyData = try symbol("PQputCopyData", intake_PQputCopyData.self)
        PQputCopyEnd = try symbol("PQputCopyEnd", intake_PQputCopyEnd.self)
        PQresStatus = try symbol("PQresStatus", intake_PQresStatus.self)
        PQresultErrorField = try symbol("PQresultErrorField", intake_PQresultErrorField.self)
        PQresultStatus = try symbol("PQresultStatus", intake_PQresultStatus.self)
        PQsetClientEncoding = try symbol("PQsetClientEncoding", intake_PQsetClientEncoding.self)
        PQsetNoticeProcessor = try symbol("PQsetNoticeProcessor", intake_PQsetNoticeProcessor.self)
        PQstatus = try symbol("PQstatus", intake_PQstatus.self)
        PQtransactionStatus = try symbol("PQtransactionStatus", intake_PQtransactionStatus.self)
    }
}
