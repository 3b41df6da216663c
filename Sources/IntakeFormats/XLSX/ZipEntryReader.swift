import IntakeCore
import IntakeSystem
/// One ZIP entry's bytes, inflated as they are read: compressed data is read by
/// `pread` in 64 KiB chunks and inflated straight into the caller's buffer, so
/// memory stays flat whatever the entry's size.
///
/// Enforces the bomb limits while inflating (more than ``XLSXLimits/maxPartBytes``,
/// or more than ``XLSXLimits/maxRatio`` times the compressed bytes consumed once
/// past ``XLSXLimits/ratioAllowance``) and, at the entry's end, its declared size
/// and CRC-32. Every failure throws ``XLSXError`` naming the entry.
final class ZipEntryReader: ByteSource {
    let entry: ZipEntry
    private let source: any RandomAccessSource
    private let limits: XLSXLimits
    private let inflater: ZipInflater?
    private let input: UnsafeMutableRawBufferPointer
    private var inputStart = 0
    private var inputEnd = 0
    /// Compressed bytes read from the file so far.
    private(set) var compressedRead: Int64 = 0
    /// Inflated bytes handed out so far.
    private(set) var produced: Int64 = 0
    private var crc: UInt32 = 0
    private var finished = false

    static let chunkSize = 1 << 16

    /// A reader of `entry` in `source`; refuses at once a declared size past the limits.
    init(source: any RandomAccessSource, entry: ZipEntry, limits: XLSXLimits) throws(XLSXError) {
        self.entry = entry
        self.source = source
        self.limits = limits
        if entry.uncompressedSize > limits.maxPartBytes {
            throw Self.tooLarge(entry.name, limits)
        }
        if entry.uncompressedSize > limits.ratioAllowance
            && entry.uncompressedSize / max(entry.compressedSize, 1) >= limits.maxRatio
            && entry.uncompressedSize > limits.maxRatio * max(entry.compressedSize, 1)
        {
            throw Self.ratio(entry.name, produced: entry.uncompressedSize, from: entry.compressedSize, limits)
        }
        inflater = entry.method == .deflate ? try ZipInflater() : nil
        input = .allocate(byteCount: entry.method == .deflate ? Self.chunkSize : 0, alignment: 1)
        finished = entry.uncompressedSize == 0 && entry.compressedSize == 0
    }

    deinit { input.deallocate() }

    /// Fills `buffer` with the next inflated bytes; 0 once the entry was read and checked.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(XLSXError) -> Int {
        guard !finished, buffer.count > 0 else { return 0 }
        let count: Int
        if let inflater {
            count = try inflate(inflater, into: buffer)
        } else {
            count = try copyStored(into: buffer)
        }
        crc = ZipInflater.crc32(crc, UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        if finished { try checkEnd() }
        return count
    }

    private func copyStored(into buffer: UnsafeMutableRawBufferPointer) throws(XLSXError) -> Int {
        let wanted = Int(min(Int64(buffer.count), entry.compressedSize - compressedRead))
        let count = try source.read(
            into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<wanted]), at: entry.dataOffset + compressedRead)
        guard count > 0 else { throw cut() }
        compressedRead += Int64(count)
        produced += Int64(count)
        if compressedRead == entry.compressedSize { finished = true }
        return count
    }

    private func inflate(_ inflater: ZipInflater, into buffer: UnsafeMutableRawBufferPointer) throws(XLSXError) -> Int {
        while true {
            if inputStart == inputEnd && compressedRead < entry.compressedSize {
                let wanted = Int(min(Int64(input.count), entry.compressedSize - compressedRead))
                let count = try source.read(
                    into: UnsafeMutableRawBufferPointer(rebasing: input[0..<wanted]), at: entry.dataOffset + compressedRead)
                guard count > 0 else { throw cut() }
                compressedRead += Int64(count)
                inputStart = 0
                inputEnd = count
            }
            let step = try inflater.inflate(
                from: UnsafeRawBufferPointer(rebasing: input[inputStart..<inputEnd]), into: buffer, part: entry.name)
            inputStart += step.consumed
            produced += Int64(step.produced)
            try checkLimits()
            if step.finished {
                finished = true
                guard compressedRead == entry.compressedSize && inputStart == inputEnd else {
                    throw ZipEndRecord.damaged("the entry \(entry.name) has data after its compressed stream's end")
                }
                return step.produced
            }
            if step.produced > 0 { return step.produced }
            if step.consumed == 0 && inputStart == inputEnd && compressedRead == entry.compressedSize {
                throw ZipEndRecord.damaged("the compressed data of \(entry.name) ends before its stream does")
            }
            if step.consumed == 0 && inputStart < inputEnd {
                throw ZipEndRecord.damaged("the compressed data of \(entry.name) cannot be inflated")
            }
        }
    }

    private func checkLimits() throws(XLSXError) {
        if produced > limits.maxPartBytes { throw Self.tooLarge(entry.name, limits) }
        let consumed = max(compressedRead - Int64(inputEnd - inputStart), 1)
        if produced > limits.ratioAllowance && produced / consumed >= limits.maxRatio && produced > limits.maxRatio * consumed {
            throw Self.ratio(entry.name, produced: produced, from: consumed, limits)
        }
        if produced > entry.uncompressedSize {
            throw ZipEndRecord.damaged("the entry \(entry.name) inflates to more than the \(entry.uncompressedSize) bytes it declares")
        }
    }

    private func checkEnd() throws(XLSXError) {
        guard produced == entry.uncompressedSize else {
            throw ZipEndRecord.damaged(
                "the entry \(entry.name) inflates to \(produced) bytes, not the \(entry.uncompressedSize) it declares")
        }
        guard crc == entry.crc32 else {
            throw ZipEndRecord.damaged("the entry \(entry.name) fails its CRC check (its bytes were altered)")
        }
    }

    private func cut() -> XLSXError {
        XLSXError(
            .damaged, "the file ends inside the data of \(entry.name): it was cut off; drop the whole workbook again",
            part: entry.name)
    }

    private static func tooLarge(_ name: String, _ limits: XLSXLimits) -> XLSXError {
        XLSXError(
            .bomb,
            "the part \(name) inflates to more than \(limits.maxPartBytes) bytes (the workspace's max_file_bytes):"
                + " a ZIP bomb, or a workbook too large for this workspace; split it, or raise max_file_bytes",
            part: name)
    }

    private static func ratio(_ name: String, produced: Int64, from compressed: Int64, _ limits: XLSXLimits) -> XLSXError {
        XLSXError(
            .bomb,
            "the part \(name) inflates more than \(limits.maxRatio) times its compressed size (\(produced) bytes from"
                + " \(compressed)): Intake refuses it as a ZIP bomb; if the sheet is genuine, drop it as CSV instead",
            part: name)
    }
}

@available(*, unavailable)
extension ZipEntryReader: Sendable {}
