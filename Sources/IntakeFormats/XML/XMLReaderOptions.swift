import IntakeCore
import IntakeSystem
/// Limits for ``XMLRecordReader`` (the same type for every byte source).
public struct XMLReaderOptions: Sendable {
    /// Largest record accepted, in bytes from its start tag to its end tag; the
    /// same bound applies to the pain.001 group header, to a payment block's
    /// header (up to its first transaction) and to any single comment, tag or
    /// CDATA section. A larger one throws `record_too_long` in bounded memory. A
    /// flat record's keys and values (each leaf repeats its ancestors' names) are
    /// capped at 4 × this + 4 KiB, with the same error.
    public var maxRecordBytes: Int = 16 << 20
    /// Size of the read buffer; it grows (up to `maxRecordBytes`) only while one
    /// record does not fit, and shrinks back afterwards.
    public var bufferSize: Int = 1 << 20
    /// Deepest element nesting accepted (the root is depth 1); deeper throws `xml_too_deep`.
    public var maxDepth: Int = 64

    /// The defaults: 16 MiB records, 1 MiB buffer, depth 64.
    public init() {}
}
