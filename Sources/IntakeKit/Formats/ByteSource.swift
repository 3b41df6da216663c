/// Where bytes come from.
///
/// The project's file reader (`read(2)` on a descriptor) conforms to this elsewhere;
/// `MemoryByteSource` serves tests. A source is read front to back exactly once.
public protocol ByteSource {
    /// Fills up to `buffer.count` bytes, returns how many; 0 means end of input.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}
