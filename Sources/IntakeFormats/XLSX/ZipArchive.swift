import IntakeCore
import IntakeSystem
/// A ZIP container read from its central directory, with random access to its
/// entries (`.xlsx` workbooks are ZIP files of XML parts).
///
/// Opening reads the end-of-central-directory record (and the ZIP64 one where
/// present), the whole central directory (bounded by ``XLSXLimits/maxEntries``)
/// and every entry's local header, and refuses what a safe reader must not
/// follow: ZIP or AES encryption, methods other than stored and deflate, names
/// with a `..` component or an absolute path, the same name twice (ignoring
/// case, as OPC part names do), entries that overlap or reach past the
/// directory, local headers that disagree with the directory, split archives.
/// Nothing is inflated until an entry is read (``reader(for:part:)``).
public struct ZipArchive {
    /// The entries in directory order.
    public let entries: [ZipEntry]
    let source: any RandomAccessSource
    let limits: XLSXLimits
    private let byName: [String: Int]

    /// Reads the directory of the ZIP in `source`. Throws ``XLSXError`` with
    /// `not_zip`, `damaged`, `encrypted`, `unsafe_entry` or `unsupported_compression`.
    public init(source: any RandomAccessSource, limits: XLSXLimits = XLSXLimits()) throws(XLSXError) {
        let end = try ZipEndRecord.locate(in: source, limits: limits)
        let entries = try ZipDirectoryParser.entries(in: source, end: end, limits: limits)
        var byName: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            let key = entry.name.lowercased()
            if let first = byName[key] {
                throw XLSXError(
                    .unsafeEntry,
                    "the ZIP container names \(entries[first].name) twice; a workbook has each part once:"
                        + " the file was crafted or damaged, save it again from Excel or LibreOffice")
            }
            byName[key] = index
        }
        try ZipDirectoryParser.checkNoOverlap(entries)
        self.entries = entries
        self.source = source
        self.limits = limits
        self.byName = byName
    }

    /// The entry named `name` (part names match ignoring ASCII case), if any.
    public func entry(named name: String) -> ZipEntry? {
        byName[name.lowercased()].map { entries[$0] }
    }

    /// A streaming reader of `entry`'s inflated bytes, enforcing the limits.
    func reader(for entry: ZipEntry) throws(XLSXError) -> ZipEntryReader {
        try ZipEntryReader(source: source, entry: entry, limits: limits)
    }

    /// The whole inflated content of `entry` (tests and small parts only).
    public func contents(of entry: ZipEntry) throws(XLSXError) -> [UInt8] {
        let reader = try reader(for: entry)
        var result: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        defer { chunk.deallocate() }
        while true {
            let count = try reader.read(into: chunk)
            if count == 0 { return result }
            result += chunk[0..<count]
        }
    }
}
