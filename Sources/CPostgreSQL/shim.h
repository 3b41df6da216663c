/* Debian's libpq-dev puts it in /usr/include/postgresql; no pkg-config: that would link libpq into every command. */
#include <postgresql/libpq-fe.h>

/* The type of each libpq function Intake calls, as a function pointer: libpq is
   loaded with dlopen in PostgreSQL mode only (see LibPQ.swift). */
typedef __typeof__(&PQbackendPID) intake_PQbackendPID;
typedef __typeof__(&PQclear) intake_PQclear;
typedef __typeof__(&PQcmdTuples) intake_PQcmdTuples;
typedef __typeof__(&PQconnectdbParams) intake_PQconnectdbParams;
typedef __typeof__(&PQerrorMessage) intake_PQerrorMessage;
typedef __typeof__(&PQexec) intake_PQexec;
typedef __typeof__(&PQexecParams) intake_PQexecParams;
typedef __typeof__(&PQexecPrepared) intake_PQexecPrepared;
typedef __typeof__(&PQfinish) intake_PQfinish;
typedef __typeof__(&PQfname) intake_PQfname;
typedef __typeof__(&PQgetResult) intake_PQgetResult;
typedef __typeof__(&PQgetisnull) intake_PQgetisnull;
typedef __typeof__(&PQgetvalue) intake_PQgetvalue;
typedef __typeof__(&PQnfields) intake_PQnfields;
typedef __typeof__(&PQntuples) intake_PQntuples;
typedef __typeof__(&PQparameterStatus) intake_PQparameterStatus;
typedef __typeof__(&PQprepare) intake_PQprepare;
typedef __typeof__(&PQputCopyData) intake_PQputCopyData;
typedef __typeof__(&PQputCopyEnd) intake_PQputCopyEnd;
typedef __typeof__(&PQresStatus) intake_PQresStatus;
typedef __typeof__(&PQresultErrorField) intake_PQresultErrorField;
typedef __typeof__(&PQresultStatus) intake_PQresultStatus;
typedef __typeof__(&PQsetClientEncoding) intake_PQsetClientEncoding;
typedef __typeof__(&PQsetNoticeProcessor) intake_PQsetNoticeProcessor;
typedef __typeof__(&PQstatus) intake_PQstatus;
typedef __typeof__(&PQtransactionStatus) intake_PQtransactionStatus;
