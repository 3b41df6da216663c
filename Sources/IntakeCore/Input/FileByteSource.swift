import IntakeSystem

/// A ``FileDescriptor`` read as a stream of bytes by the parsers.
public struct FileByteSource: ByteSource {
    package let file: FileDescriptor

    /// Reads from `file` from its current offset.
    public init(_ file: FileDescriptor) { self.file = file }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try file.read(into: buffer)
    }
}
