import IntakeSystem
extension SHA256 {
    /// The hex SHA-256 of a whole file, read in 1 MiB chunks (memory stays flat).
    public static func hex(ofFile path: String) throws(SystemError) -> String {
        let file = try FileDescriptor.openForReading(path)
        var hasher = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try file.read(into: buffer)
            if count == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return hex(hasher.finalize())
    }
}
