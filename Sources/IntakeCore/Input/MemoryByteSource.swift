/// A `ByteSource` over bytes already in memory, for tests.
///
/// `maxChunk` caps how many bytes one `read(into:)` returns, so a test can cut the
/// input at every position (1 byte per read crosses every boundary there is).
public struct MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private let maxChunk: Int
    private var offset = 0

    /// Serves `bytes`, at most `maxChunk` (at least 1) bytes per read.
    public init(_ bytes: [UInt8], maxChunk: Int = .max) {
        self.bytes = bytes
        self.maxChunk = max(1, maxChunk)
    }

    /// Copies the next up to `min(buffer.count, maxChunk)` bytes; 0 at the end.
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, maxChunk, bytes.count - offset)
        guard count > 0, let destination = buffer.baseAddress else { return 0 }
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress {
                destination.copyMemory(from: base + offset, byteCount: count)
            }
        }
        offset += count
        return count
    }
}
