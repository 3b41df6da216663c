import IntakeCore
import IntakeSystem
/// Limits for `JSONRecordReader` (spelled `JSONRecordReader<Source>.Options` there).
public struct JSONReaderOptions: Sendable {
    /// Size of the read buffer; it grows (up to `maxRecordBytes`) only while one record
    /// does not fit, and shrinks back afterwards.
    public var bufferSize: Int = 1 << 20
    /// Largest record accepted, in bytes from its first to its last byte (for JSON
    /// Lines: the line without its ending); a larger one fails the document with
    /// `record_too_long`, so a missing closing bracket fails fast in bounded memory.
    public var maxRecordBytes: Int = 4 << 20
    /// Deepest nesting of arrays and objects accepted anywhere in the document (the
    /// envelope counts); deeper fails the document with `json_too_deep`.
    public var maxDepth: Int = 64
    /// Largest envelope value kept (`data.type`), in bytes after unescaping; a longer one
    /// fails the document with `json_shape`.
    public var maxEnvelopeValueBytes: Int = 64 << 10

    /// The defaults: 1 MiB buffer, 4 MiB records, 64 levels, 64 KiB envelope values.
    public init() {}
}
