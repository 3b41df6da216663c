import IntakeCore
import IntakeSystem
/// The central directory's headers, each checked against its local header.
enum ZipDirectoryParser {
    static let centralHeaderSize = 46
    static let localHeaderSize = 30

    /// Every entry of the directory `end` describes, refused as ``ZipArchive`` documents.
    static func entries(
        in source: any RandomAccessSource, end: ZipEndRecord, limits: XLSXLimits
    ) throws(XLSXError) -> [ZipEntry] {
        let directory = try source.bytes(at: end.directoryOffset, count: Int(end.directorySize), what: "the ZIP directory")
        var entries: [ZipEntry] = []
        entries.reserveCapacity(min(end.entryCount, 1024))
        var at = 0
        for _ in 0..<end.entryCount {
            guard at + centralHeaderSize <= directory.count, ZipField.signature(directory, at, 0x01, 0x02) else {
                throw ZipEndRecord.damaged("its directory holds fewer entries than its end record says")
            }
            let nameLength = Int(ZipField.u16(directory, at + 28))
            let extraLength = Int(ZipField.u16(directory, at + 30))
            let commentLength = Int(ZipField.u16(directory, at + 32))
            let next = at + centralHeaderSize + nameLength + extraLength + commentLength
            guard next <= directory.count else { throw ZipEndRecord.damaged("a directory header runs past the directory") }
            let nameBytes = Array(directory[(at + centralHeaderSize)..<(at + centralHeaderSize + nameLength)])
            let name = String(decoding: nameBytes, as: UTF8.self)
            try checkName(nameBytes, name)
            let flags = ZipField.u16(directory, at + 8)
            let rawMethod = ZipField.u16(directory, at + 10)
            if flags & 0x41 != 0 || rawMethod == 99 {
                throw XLSXError(
                    .encrypted,
                    "the entry \(name) of the ZIP container is encrypted; save the workbook as .xlsx without a password"
                        + " (in Excel: File > Info > Protect Workbook > Encrypt with Password, clear it)")
            }
            guard let method = ZipEntry.Method(rawValue: rawMethod) else {
                throw XLSXError(
                    .unsupportedCompression,
                    "the entry \(name) is compressed with ZIP method \(rawMethod); Intake reads stored and deflate entries"
                        + " (what Excel and LibreOffice write): save the workbook again from one of them")
            }
            var sizes = ZipEntrySizes(
                uncompressed: UInt64(ZipField.u32(directory, at + 24)), compressed: UInt64(ZipField.u32(directory, at + 20)),
                offset: UInt64(ZipField.u32(directory, at + 42)), disk: UInt64(ZipField.u16(directory, at + 34)))
            let extra = Array(directory[(at + centralHeaderSize + nameLength)..<(at + centralHeaderSize + nameLength + extraLength)])
            try sizes.applyZip64(extra, name: name, includeDisk: true)
            guard sizes.disk == 0 else { throw ZipEndRecord.damaged("the entry \(name) is on another volume") }
            guard sizes.offset < UInt64(end.directoryOffset), sizes.compressed <= UInt64(source.size),
                sizes.uncompressed <= UInt64(Int64.max)
            else {
                throw ZipEndRecord.damaged("the entry \(name) is placed past the end of the file's data")
            }
            if method == .stored && sizes.compressed != sizes.uncompressed {
                throw ZipEndRecord.damaged("the stored entry \(name) declares two different sizes")
            }
            let dataOffset = try checkLocalHeader(
                source, name: name, nameBytes: nameBytes, offset: Int64(sizes.offset), flags: flags, method: rawMethod,
                crc: ZipField.u32(directory, at + 16), sizes: sizes)
            guard dataOffset + Int64(sizes.compressed) <= end.directoryOffset else {
                throw ZipEndRecord.damaged("the data of the entry \(name) runs past the end of the file's data")
            }
            entries.append(ZipEntry(
                name: name, method: method, compressedSize: Int64(sizes.compressed),
                uncompressedSize: Int64(sizes.uncompressed), crc32: ZipField.u32(directory, at + 16),
                localHeaderOffset: Int64(sizes.offset), dataOffset: dataOffset))
            at = next
        }
        guard at == directory.count else { throw ZipEndRecord.damaged("its directory holds more than its end record says") }
        return entries
    }

    /// Refuses a name with a `..` component, an absolute path or drive, a backslash or a NUL byte.
    static func checkName(_ bytes: [UInt8], _ name: String) throws(XLSXError) {
        let unsafe = XLSXError(
            .unsafeEntry,
            "the ZIP container has an entry named \"\(name)\", which points outside the workbook (an absolute"
                + " path or '..'); Intake refuses such files: save the workbook again from Excel or LibreOffice")
        guard !bytes.isEmpty, bytes[0] != UInt8(ascii: "/"), !bytes.contains(UInt8(ascii: "\\")), !bytes.contains(0) else {
            throw unsafe
        }
        if bytes.count >= 2 && bytes[1] == UInt8(ascii: ":") { throw unsafe }
        for component in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        where component.elementsEqual("..".utf8) {
            throw unsafe
        }
    }

    /// The offset of the entry's data after checking its local header agrees with the directory.
    private static func checkLocalHeader(
        _ source: any RandomAccessSource, name: String, nameBytes: [UInt8], offset: Int64, flags: UInt16, method: UInt16,
        crc: UInt32, sizes: ZipEntrySizes
    ) throws(XLSXError) -> Int64 {
        let header = try source.bytes(at: offset, count: localHeaderSize, what: "the local header of \(name)")
        guard ZipField.signature(header, 0, 0x03, 0x04) else {
            throw ZipEndRecord.damaged("the directory points at no local header for \(name)")
        }
        let nameLength = Int(ZipField.u16(header, 26))
        let extraLength = Int(ZipField.u16(header, 28))
        let rest = try source.bytes(
            at: offset + Int64(localHeaderSize), count: nameLength + extraLength, what: "the local header of \(name)")
        let localFlags = ZipField.u16(header, 6)
        guard Array(rest[0..<nameLength]) == nameBytes, ZipField.u16(header, 8) == method,
            localFlags & 0x41 == flags & 0x41
        else {
            throw ZipEndRecord.damaged("the local header of \(name) disagrees with the directory (name, method or flags)")
        }
        if localFlags & 0x08 == 0 {
            var local = ZipEntrySizes(
                uncompressed: UInt64(ZipField.u32(header, 22)), compressed: UInt64(ZipField.u32(header, 18)),
                offset: 0, disk: 0)
            try local.applyZip64(Array(rest[nameLength...]), name: name, includeDisk: false)
            guard ZipField.u32(header, 14) == crc, local.compressed == sizes.compressed,
                local.uncompressed == sizes.uncompressed
            else {
                throw ZipEndRecord.damaged("the local header of \(name) declares other sizes or CRC than the directory")
            }
        }
        return offset + Int64(localHeaderSize + nameLength + extraLength)
    }

    /// Refuses entries whose header-and-data spans overlap (a crafted "ZIP bomb" by reuse).
    static func checkNoOverlap(_ entries: [ZipEntry]) throws(XLSXError) {
        let sorted = entries.sorted { $0.localHeaderOffset < $1.localHeaderOffset }
        for (previous, next) in zip(sorted, sorted.dropFirst())
        where previous.dataOffset + previous.compressedSize > next.localHeaderOffset {
            throw XLSXError(
                .unsafeEntry,
                "the ZIP entries \(previous.name) and \(next.name) overlap in the file; a workbook's parts never do:"
                    + " the file was crafted or damaged, save it again from Excel or LibreOffice")
        }
    }
}

/// An entry's sizes and offset, with ZIP64 extra fields applied.
struct ZipEntrySizes {
    var uncompressed: UInt64
    var compressed: UInt64
    var offset: UInt64
    var disk: UInt64

    /// Replaces the fields that overflowed (all ones) with those of the ZIP64 extra field (id 1) in `extra`.
    mutating func applyZip64(_ extra: [UInt8], name: String, includeDisk: Bool) throws(XLSXError) {
        let needU = uncompressed == 0xFFFF_FFFF
        let needC = compressed == 0xFFFF_FFFF
        let needO = includeDisk && offset == 0xFFFF_FFFF
        let needD = includeDisk && disk == 0xFFFF
        guard needU || needC || needO || needD else { return }
        var at = 0
        while at + 4 <= extra.count {
            let id = ZipField.u16(extra, at)
            let size = Int(ZipField.u16(extra, at + 2))
            guard at + 4 + size <= extra.count else { break }
            if id == 1 {
                var field = at + 4
                let end = at + 4 + size
                func take() throws(XLSXError) -> UInt64 {
                    guard field + 8 <= end else {
                        throw ZipEndRecord.damaged("the ZIP64 field of \(name) is shorter than its sizes need")
                    }
                    defer { field += 8 }
                    return ZipField.u64(extra, field)
                }
                if needU { uncompressed = try take() }
                if needC { compressed = try take() }
                if needO { offset = try take() }
                if needD {
                    guard field + 4 <= end else { throw ZipEndRecord.damaged("the ZIP64 field of \(name) lacks its disk") }
                    disk = UInt64(ZipField.u32(extra, field))
                }
                return
            }
            at += 4 + size
        }
        throw ZipEndRecord.damaged("the entry \(name) needs a ZIP64 field and has none")
    }
}
