import IntakeSystem
import IntakeCore
/// The workbook's shared strings (`xl/sharedStrings.xml`), looked up by index
/// from cells of type `s`.
///
/// Kept in memory while their text and index stay under
/// ``XLSXLimits/sharedStringsInMemory``; past that, everything moves to two
/// unnamed temporary files (the text back to back, and each string's end offset
/// as 8 bytes), read back through a fixed block cache (``XLSXReadCache``), so
/// memory does not grow with the number of unique values. The files vanish
/// when this object goes away.
final class XLSXSharedStrings {
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    private var spill: Spill?
    private(set) var count = 0
    private let memoryLimit: Int
    private let temporaryDirectory: String
    private var scratch = [UInt8](repeating: 0, count: 16)

    /// The temporary files and their write buffers once the strings left memory.
    private struct Spill {
        let text: FileDescriptor
        let index: FileDescriptor
        var textBuffer: [UInt8] = []
        var indexBuffer: [UInt8] = []
        var textSize: Int64 = 0
        /// Block caches over the files, made at the first lookup (every string written by then).
        var textCache: XLSXReadCache?
        var indexCache: XLSXReadCache?
    }

    init(memoryLimit: Int, temporaryDirectory: String) {
        self.memoryLimit = memoryLimit
        self.temporaryDirectory = temporaryDirectory
    }

    /// Whether the strings moved to temporary files.
    var isSpilled: Bool { spill != nil }

    /// Adds the next string.
    func append(_ value: [UInt8]) throws(XLSXError) {
        count += 1
        if var spill {
            self.spill = nil
            spill.textBuffer += value
            spill.textSize += Int64(value.count)
            var end = UInt64(spill.textSize).littleEndian
            withUnsafeBytes(of: &end) { spill.indexBuffer += $0 }
            if spill.textBuffer.count >= 1 << 16 || spill.indexBuffer.count >= 1 << 16 { try flush(&spill) }
            self.spill = spill
            return
        }
        bytes += value
        ends.append(bytes.count)
        if bytes.count + ends.count * 8 > memoryLimit { try moveToFiles() }
    }

    /// Writes what is buffered; call once every string was appended.
    func finish() throws(XLSXError) {
        guard var spill else { return }
        self.spill = nil
        try flush(&spill)
        self.spill = spill
    }

    /// Appends string `index` to `out`; false when there is no such string.
    func append(string index: Int, to out: inout [UInt8]) throws(XLSXError) -> Bool {
        guard index >= 0 && index < count else { return false }
        guard var spill else {
            let start = index == 0 ? 0 : ends[index - 1]
            out += bytes[start..<ends[index]]
            return true
        }
        if spill.textCache == nil {
            spill.textCache = XLSXReadCache(spill.text)
            spill.indexCache = XLSXReadCache(spill.index)
            self.spill = spill
        }
        guard let textCache = spill.textCache, let indexCache = spill.indexCache else { return false }
        let bounds = index == 0 ? (8, Int64(0)) : (16, Int64(index - 1) * 8)
        do {
            try indexCache.read(count: bounds.0, at: bounds.1, into: &scratch, from: 0)
        } catch {
            throw Self.fileError(error)
        }
        let end = Int64(littleEndianAt: scratch, bounds.0 - 8)
        let start = index == 0 ? 0 : Int64(littleEndianAt: scratch, 0)
        guard start <= end, end - start <= Int64(Int32.max) else { return false }
        let length = Int(end - start)
        let offset = out.count
        out += repeatElement(0, count: length)
        do {
            try textCache.read(count: length, at: start, into: &out, from: offset)
        } catch {
            throw Self.fileError(error)
        }
        return true
    }

    private func moveToFiles() throws(XLSXError) {
        do {
            var spill = Spill(
                text: try FileDescriptor.anonymousTemporary(in: temporaryDirectory),
                index: try FileDescriptor.anonymousTemporary(in: temporaryDirectory))
            spill.textBuffer = bytes
            spill.textSize = Int64(bytes.count)
            for end in ends {
                var value = UInt64(end).littleEndian
                withUnsafeBytes(of: &value) { spill.indexBuffer += $0 }
            }
            try flush(&spill)
            self.spill = spill
            bytes = []
            ends = []
        } catch let error as XLSXError {
            throw error
        } catch {
            throw Self.fileError(error)
        }
    }

    private func flush(_ spill: inout Spill) throws(XLSXError) {
        do {
            try spill.text.write(spill.textBuffer)
            try spill.index.write(spill.indexBuffer)
        } catch {
            throw Self.fileError(error)
        }
        spill.textBuffer.removeAll(keepingCapacity: true)
        spill.indexBuffer.removeAll(keepingCapacity: true)
    }

    private static func fileError(_ error: Any) -> XLSXError {
        XLSXError(
            .read,
            "keeping the workbook's shared strings in a temporary file failed (\(error)); check the temporary"
                + " folder's free space and permissions, then retry")
    }
}

extension Int64 {
    /// The little-endian 8 bytes of `bytes` at `at`.
    fileprivate init(littleEndianAt bytes: [UInt8], _ at: Int) {
        var value: UInt64 = 0
        for shift in 0..<8 { value |= UInt64(bytes[at + shift]) << (8 * shift) }
        self = Int64(bitPattern: value)
    }
}

@available(*, unavailable)
extension XLSXSharedStrings: Sendable {}
