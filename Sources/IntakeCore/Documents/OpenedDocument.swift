import IntakeSystem
/// What the engine needs of a document once its format's handler opened it
/// (``DocumentHandler/open(_:)``), whatever the format: its records seen
/// through the type's schema, the writer of its rejected file, and what the
/// document says about itself once read (checks, warnings, a body's flag).
///
/// The engine holds it as `any OpenedDocument` and calls it a few times per
/// job; the rows are read by ``parseRows(validator:into:)``, whose default
/// implementation is compiled for each conforming type's concrete ``Cursor``:
/// no dynamic dispatch per row. Conformers take the default of
/// ``parseRows(validator:into:)`` that IntakeFormats' row loop gives.
package protocol OpenedDocument {
    /// The format's record cursor: a concrete type, so the row loop is specialised.
    associatedtype Cursor: RecordCursor

    /// The records, positioned before the first one.
    var cursor: Cursor { get }
    /// The extension of `JOB.rejected.EXT`.
    var rejectedExtension: String { get }
    /// Creates the rejected file's writer at `path` with `mode` (encrypted by
    /// `sealer` when given: `encrypt_reports_to`), on the first failed row
    /// (called on the writing thread, while the parsing thread reads on).
    func makeRejectedWriter(path: String, mode: UInt32, sealer: (any FileSealer)?) throws(SystemError) -> any RejectedRecordsWriter
    /// Most records the document may hold (Trustpair's inline cap), or nil;
    /// asked once the first record was read (when the document's shape is known).
    var recordLimit: RecordLimit? { get }
    /// Checks once the whole document was read (a body's type against the
    /// file's); a failure fails the document and nothing is stored.
    func finalCheck() throws(DocumentFailure)
    /// Papaya's `update_payments`, once the whole document was read.
    var updatePayments: Bool? { get }
    /// The format's warnings about the document as a whole, once it was read
    /// to its end (unknown columns or keys, a last line without its line break).
    var warnings: [RowIssue] { get }
    /// The failure of a document that holds no record.
    var noRecords: DocumentFailure { get }
    /// Reads and validates every row into `queue` (the import's parsing thread).
    func parseRows(validator: SchemaValidator, into queue: BatchQueue)
}

extension OpenedDocument {
    package var recordLimit: RecordLimit? { nil }
    package func finalCheck() throws(DocumentFailure) {}
    package var updatePayments: Bool? { nil }
    package var warnings: [RowIssue] { [] }
    package var noRecords: DocumentFailure {
        DocumentFailure("no_records", "the document holds no records; export it again with its records")
    }
}
