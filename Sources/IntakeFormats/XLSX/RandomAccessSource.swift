import IntakeSystem
import IntakeCore
/// Bytes read at any offset: the ZIP container is read from its end (the
/// central directory) and each part where the directory says it is.
///
/// ``FileDescriptor`` conforms through `pread(2)`; ``MemoryRandomAccessSource`` serves tests.
public protocol RandomAccessSource {
    /// The source's size in bytes.
    var size: Int64 { get }
    /// Reads up to `buffer.count` bytes at `offset`; fewer only at the end (0 past it).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(XLSXError) -> Int
}

extension RandomAccessSource {
    /// Exactly `count` bytes at `offset`, or a `damaged` error naming `what` when the file ends first.
    func bytes(at offset: Int64, count: Int, what: String) throws(XLSXError) -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, Int64(count) <= size - offset else {
            throw XLSXError(
                .damaged,
                "the file ends before \(what) (needed up to byte \(offset + Int64(count)) of \(size)):"
                    + " it was cut off; drop the whole workbook again")
        }
        let space = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 1)
        defer { space.deallocate() }
        var done = 0
        while done < count {
            let got = try read(into: UnsafeMutableRawBufferPointer(rebasing: space[done...]), at: offset + Int64(done))
            guard got > 0 else {
                throw XLSXError(.damaged, "the file ends before \(what): it was cut off; drop the whole workbook again")
            }
            done += got
        }
        return [UInt8](space)
    }
}

/// A ``RandomAccessSource`` over bytes in memory, for tests; `maxChunk` caps each read.
public struct MemoryRandomAccessSource: RandomAccessSource {
    private let data: [UInt8]
    private let maxChunk: Int

    /// Serves `bytes`, at most `maxChunk` (at least 1) bytes per read.
    public init(_ bytes: [UInt8], maxChunk: Int = .max) {
        data = bytes
        self.maxChunk = max(1, maxChunk)
    }

    /// The number of bytes served.
    public var size: Int64 { Int64(data.count) }

    /// Copies up to `min(buffer.count, maxChunk)` bytes from `offset`.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(XLSXError) -> Int {
        guard offset >= 0, offset < size else { return 0 }
        let start = Int(offset)
        let count = min(buffer.count, maxChunk, data.count - start)
        guard count > 0 else { return 0 }
        data.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<(start + count)]))
        }
        return count
    }
}

/// A ``FileDescriptor`` read at offsets through `pread(2)`; its size is taken once, when made.
public struct FileRandomAccessSource: RandomAccessSource {
    /// The open file.
    public let file: FileDescriptor
    /// The file's size when this source was made.
    public let size: Int64

    /// A source over `file`, sized by `fstat(2)` now.
    public init(_ file: FileDescriptor) throws(XLSXError) {
        self.file = file
        do {
            size = try file.status().size
        } catch {
            throw XLSXError(.read, "reading the workbook failed (\(error)); check the file is readable and retry")
        }
    }

    /// `pread(2)` through the syscall layer; a failure is a `read` error.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(XLSXError) -> Int {
        do {
            return try file.readPositional(into: buffer, at: offset)
        } catch {
            throw XLSXError(.read, "reading the workbook failed (\(error)); check the file is readable and retry")
        }
    }
}
