import IntakeSystem
import IntakeCore

/// A fixed set of blocks of one temporary file, read with `pread` and kept in
/// memory: the spilled shared strings are mostly looked up near where the
/// previous row's were (each row's new ids and names come next in the table)
/// or among a working set of repeated values, so one read of a block serves
/// many lookups; before, each lookup took two `pread`s, 40 % of a 1M-row
/// import. Small blocks, many slots: a random lookup costs one 4 KiB read.
/// Direct-mapped (block `n` goes to slot `n % slots`): memory is
/// `slots × blockSize` (4 MiB) whatever the file's size. Not thread-safe.
final class XLSXReadCache {
    static let blockSize = 4 << 10
    static let slots = 1024

    private let file: FileDescriptor
    private let storage: UnsafeMutableRawPointer
    /// The block each slot holds (-1: none), and how many of its bytes were read.
    private var tags = [Int64](repeating: -1, count: XLSXReadCache.slots)
    private var filled = [Int](repeating: 0, count: XLSXReadCache.slots)

    init(_ file: FileDescriptor) {
        self.file = file
        storage = .allocate(byteCount: XLSXReadCache.slots * XLSXReadCache.blockSize, alignment: 16)
    }

    deinit { storage.deallocate() }

    /// Copies `count` bytes at `offset` of the file into `target` from index
    /// `from` on (which must fit). Throws when the file holds fewer bytes.
    func read(count: Int, at offset: Int64, into target: inout [UInt8], from: Int) throws(SystemError) {
        precondition(from + count <= target.count, "cached read past its target")
        var done = 0
        while done < count {
            let position = offset + Int64(done)
            let block = position / Int64(XLSXReadCache.blockSize)
            let slot = Int(block % Int64(XLSXReadCache.slots))
            let base = storage + slot * XLSXReadCache.blockSize
            if tags[slot] != block {
                tags[slot] = -1
                filled[slot] = try load(block, into: base)
                tags[slot] = block
            }
            let within = Int(position - block * Int64(XLSXReadCache.blockSize))
            let take = min(count - done, filled[slot] - within)
            guard take > 0 else { throw SystemError.readFailed("read", path: "the shared strings' temporary file") }
            target.withUnsafeMutableBytes { space in
                UnsafeMutableRawBufferPointer(rebasing: space[(from + done)..<(from + done + take)])
                    .copyMemory(from: UnsafeRawBufferPointer(start: base + within, count: take))
            }
            done += take
        }
    }

    /// Reads block `block` into `base`; returns the bytes read (fewer at the file's end).
    private func load(_ block: Int64, into base: UnsafeMutableRawPointer) throws(SystemError) -> Int {
        var got = 0
        while got < XLSXReadCache.blockSize {
            let buffer = UnsafeMutableRawBufferPointer(start: base + got, count: XLSXReadCache.blockSize - got)
            let count = try file.readPositional(into: buffer, at: block * Int64(XLSXReadCache.blockSize) + Int64(got))
            if count == 0 { break }
            got += count
        }
        return got
    }
}

@available(*, unavailable)
extension XLSXReadCache: Sendable {}
