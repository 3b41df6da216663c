import IntakeCore
import IntakeSystem
/// Where a ZIP's central directory is, from its end-of-central-directory record
/// (and, when the fields overflow or a locator is present, the ZIP64 record).
struct ZipEndRecord {
    /// Number of entries in the directory.
    var entryCount: Int
    /// Offset of the directory's first header.
    var directoryOffset: Int64
    /// Size of the directory in bytes.
    var directorySize: Int64

    static let minimumSize = 22
    static let zip64LocatorSize = 20
    static let zip64RecordSize = 56
    /// Directories larger than this are refused (far beyond any workbook's).
    static let maxDirectoryBytes: Int64 = 64 << 20

    /// Finds and checks the end records of the ZIP in `source`.
    static func locate(in source: any RandomAccessSource, limits: XLSXLimits) throws(XLSXError) -> ZipEndRecord {
        let size = source.size
        let tailCount = Int(min(size, Int64(minimumSize + 0xFFFF)))
        let tailStart = size - Int64(tailCount)
        let tail = try source.bytes(at: tailStart, count: tailCount, what: "the ZIP end record")
        var found: Int?
        var index = tailCount - minimumSize
        while index >= 0 {
            if ZipField.signature(tail, index, 0x05, 0x06),
                Int64(index) + Int64(minimumSize) + Int64(ZipField.u16(tail, index + 20)) == Int64(tailCount)
            {
                found = index
                break
            }
            index -= 1
        }
        guard let at = found else { throw try missingEnd(in: source) }
        let recordOffset = tailStart + Int64(at)
        let disk = ZipField.u16(tail, at + 4)
        let directoryDisk = ZipField.u16(tail, at + 6)
        let onDisk = ZipField.u16(tail, at + 8)
        var record = ZipEndRecord(
            entryCount: Int(ZipField.u16(tail, at + 10)),
            directoryOffset: Int64(ZipField.u32(tail, at + 16)),
            directorySize: Int64(ZipField.u32(tail, at + 12)))
        var directoryEnd = recordOffset
        let hasLocator = at >= zip64LocatorSize && ZipField.signature(tail, at - zip64LocatorSize, 0x06, 0x07)
        let overflows = record.entryCount == 0xFFFF || record.directoryOffset == 0xFFFF_FFFF
            || record.directorySize == 0xFFFF_FFFF
        if hasLocator || overflows {
            guard hasLocator else {
                throw damaged("its end record says the directory is in ZIP64 form, but the ZIP64 locator is missing")
            }
            directoryEnd = try record.readZip64(source, locator: tail, at: at - zip64LocatorSize, before: recordOffset - Int64(zip64LocatorSize))
        } else {
            guard disk == 0, directoryDisk == 0, onDisk == record.entryCount else { throw splitArchive() }
        }
        guard record.entryCount <= limits.maxEntries else {
            throw XLSXError(
                .unsafeEntry,
                "the ZIP container lists \(record.entryCount) entries, more than the \(limits.maxEntries) a workbook may have;"
                    + " the file was crafted or is not a workbook")
        }
        guard record.directorySize <= maxDirectoryBytes, record.directoryOffset >= 0,
            record.directoryOffset + record.directorySize == directoryEnd
        else {
            throw damaged("its directory (\(record.directorySize) bytes at \(record.directoryOffset)) is not where its end record is")
        }
        return record
    }

    /// Reads the ZIP64 end record the locator at `at` in `tail` points to; returns where the directory must end.
    private mutating func readZip64(
        _ source: any RandomAccessSource, locator tail: [UInt8], at: Int, before locatorOffset: Int64
    ) throws(XLSXError) -> Int64 {
        guard ZipField.u32(tail, at + 4) == 0, ZipField.u32(tail, at + 16) <= 1 else { throw ZipEndRecord.splitArchive() }
        let offset = ZipField.u64(tail, at + 8)
        guard offset <= UInt64(Int64.max), Int64(offset) + Int64(ZipEndRecord.zip64RecordSize) <= locatorOffset else {
            throw ZipEndRecord.damaged("its ZIP64 end record is not before its locator")
        }
        let record = try source.bytes(at: Int64(offset), count: ZipEndRecord.zip64RecordSize, what: "the ZIP64 end record")
        guard ZipField.signature(record, 0, 0x06, 0x06) else {
            throw ZipEndRecord.damaged("its ZIP64 locator points at no ZIP64 end record")
        }
        guard ZipField.u32(record, 16) == 0, ZipField.u32(record, 20) == 0,
            ZipField.u64(record, 24) == ZipField.u64(record, 32)
        else { throw ZipEndRecord.splitArchive() }
        let count = ZipField.u64(record, 32)
        let size = ZipField.u64(record, 40)
        let start = ZipField.u64(record, 48)
        guard count <= UInt64(Int.max), size <= UInt64(Int64.max), start <= UInt64(Int64.max) else {
            throw ZipEndRecord.damaged("its ZIP64 end record holds impossible sizes")
        }
        entryCount = Int(count)
        directorySize = Int64(size)
        directoryOffset = Int64(start)
        return Int64(offset)
    }

    /// Why there is no end record: an OLE file, a ZIP cut off, or not a ZIP at all.
    private static func missingEnd(in source: any RandomAccessSource) throws(XLSXError) -> XLSXError {
        let head = try source.bytes(at: 0, count: Int(min(source.size, 4)), what: "its first bytes")
        if ZipField.signature(head, 0, 0x03, 0x04) {
            return XLSXError(
                .damaged,
                "the workbook's ZIP container ends before its directory: the file was cut off (an upload or"
                    + " copy that did not finish); drop the whole workbook again")
        }
        if source.size == 0 {
            return XLSXError(.notZip, "the file is empty; save the workbook again as .xlsx and drop it")
        }
        return XLSXError(
            .notZip,
            "the file is not an .xlsx workbook (it is not a ZIP container); open it in Excel or LibreOffice"
                + " and save it as Excel Workbook (.xlsx), or drop a CSV")
    }

    static func damaged(_ what: String) -> XLSXError {
        XLSXError(.damaged, "the workbook's ZIP container is damaged: \(what); save it again from Excel or LibreOffice")
    }

    private static func splitArchive() -> XLSXError {
        XLSXError(.damaged, "the ZIP container is split over several files (a multi-volume archive); save the workbook as one .xlsx file")
    }
}
