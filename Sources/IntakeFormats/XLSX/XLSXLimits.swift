import IntakeCore
import IntakeSystem
/// Bounds on what reading a workbook may cost, so that a hostile file fails
/// clearly instead of exhausting memory or disk.
public struct XLSXLimits: Sendable {
    /// Most bytes one part may inflate to (the workspace's `max_file_bytes`).
    public var maxPartBytes: Int64 = 1 << 30
    /// Largest inflated-to-compressed ratio a part may reach once past ``ratioAllowance``.
    public var maxRatio: Int64 = 100
    /// Inflated bytes a part may reach before ``maxRatio`` applies (1 MiB).
    public var ratioAllowance: Int64 = 1 << 20
    /// Most entries in the ZIP directory.
    public var maxEntries: Int = 10_000
    /// Shared strings kept in memory up to this many bytes of text; past it
    /// they move to a temporary file with an offset index.
    public var sharedStringsInMemory: Int = 8 << 20
    /// Most bytes of one cell's text (Excel's own limit is 32,767 characters).
    public var maxCellBytes: Int = 256 << 10
    /// Most bytes of one row's values together.
    public var maxRowBytes: Int = 16 << 20
    /// Limits of the XML tokenizer that reads every part.
    public var xml = XMLReaderOptions()

    /// The defaults; set ``maxPartBytes`` to the workspace's `max_file_bytes`.
    public init() {}

    /// Defaults with ``maxPartBytes`` set to `maxFileBytes`.
    public init(maxFileBytes: Int64) {
        maxPartBytes = maxFileBytes
    }
}
