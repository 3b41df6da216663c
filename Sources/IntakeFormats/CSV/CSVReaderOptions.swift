import IntakeCore
import IntakeSystem
/// Limits for `CSVReader` (spelled `CSVReader<Source>.Options` there).
public struct CSVReaderOptions: Sendable {
    /// Largest record accepted, in bytes including its line ending; a larger one throws
    /// `.recordTooLong`, so a missing closing quote fails fast in bounded memory.
    public var maxRecordBytes: Int = 16 << 20
    /// Size of the read buffer; it grows (up to `maxRecordBytes`) only while one record
    /// does not fit, and shrinks back afterwards.
    public var bufferSize: Int = 1 << 20

    /// The defaults: 16 MiB records, 1 MiB buffer.
    public init() {}
}
