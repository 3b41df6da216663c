/// One document format Intake reads: how its files are named, which import
/// types take it, and how a claimed file of it is opened.
///
/// A format is one folder under `Formats/` holding its handler, its
/// ``OpenedDocument`` (record cursor, rejected-file writer, final checks) and
/// its reader, plus one line in ``DocumentFormats/handlers``; the engine never
/// names a format. The engine calls ``open(_:)`` once per job (and once more
/// when recovery rebuilds a committed job's report) and then reads the rows
/// through the opened document on its parsing thread.
///
/// Not handled here: the file's size limit, readiness and claiming (the
/// engine's), and row validation (the type's schema, applied by the engine to
/// whatever the cursor yields).
package protocol DocumentHandler: Sendable {
    /// What ``open(_:)`` returns: a concrete type, so that the row loop is
    /// compiled for the format's cursor.
    associatedtype Document: OpenedDocument

    /// The format, as recorded on the job (`source.format` in `result.json`).
    var format: DocumentFormat { get }
    /// The file extensions (lower case, no dot) dropped files of the format carry.
    var extensions: [String] { get }
    /// Whether documents of `type` may come in this format (every type unless said).
    func accepts(_ type: ImportType) -> Bool
    /// Why a drop with extension `ext` (lower case) is refused unread although
    /// it looks like this format's kind of file (an `.xls` beside `.xlsx`): the
    /// message says how to save it instead. Nil (the default) for other extensions.
    func refusal(forExtension ext: String) -> String?
    /// Whether the file's size tells how many rows it holds (true unless
    /// said): a small document of such a format is parsed inline, on the
    /// writer's thread. A compressed format (a workbook) says false.
    var sizePredictsRows: Bool { get }
    /// Opens the claimed file, reading what comes before the first record (a
    /// CSV header, a JSON envelope), and returns the document ready for its rows.
    ///
    /// - Throws: what the reader throws (a ``DocumentReadError``,
    ///   ``DocumentFailure`` included); the engine
    ///   turns it into the job's document failure.
    func open(_ input: DocumentInput) throws -> Document
}

extension DocumentHandler {
    package func accepts(_ type: ImportType) -> Bool { true }
    package var sizePredictsRows: Bool { true }
    package func refusal(forExtension ext: String) -> String? { nil }
}
