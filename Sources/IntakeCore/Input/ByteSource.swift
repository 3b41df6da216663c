/// Where bytes come from.
///
/// The project's file reader (`read(2)` on a descriptor) conforms to this elsewhere;
/// `MemoryByteSource` serves tests. A source is read front to back exactly once.
public protocol ByteSource {
    /// Fills up to `buffer.count` bytes, returns how many; 0 means end of input.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension ByteSource {
    /// One read into `space`, checked for a count the buffer can hold: the
    /// count (0 at the end), or what went wrong in words for the reader's own error.
    package mutating func readChecked(into space: UnsafeMutableRawBufferPointer) -> Result<Int, ReadFailure> {
        let count: Int
        do {
            count = try read(into: space)
        } catch {
            return .failure(ReadFailure(message: String(describing: error)))
        }
        guard count >= 0 && count <= space.count else {
            return .failure(ReadFailure(message: "the source returned \(count) for a \(space.count)-byte buffer"))
        }
        return .success(count)
    }
}

/// Why a ``ByteSource`` read failed, for the reader to wrap in its own error.
package struct ReadFailure: Error {
    package let message: String
}
