import IntakeSystem
import IntakeCore
/// Writes the failed records of a flat `<records>` file as a flat file:
/// `<?xml version="1.0" encoding="UTF-8"?>`, `<records>`, each failed record's exact
/// bytes on its own line, `</records>`. The file appears atomically at `commit()`.
public final class FlatXMLRejectedWriter: RejectedRecordsWriter {
    private let file: BufferedFile

    /// Starts the file (under a temporary name) with `mode`.
    public init(path: String, mode: UInt32, sealer: (any FileSealer)? = nil) throws(SystemError) {
        file = try BufferedFile(path: path, mode: mode, sealer: sealer)
        try file.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<records>\n")
    }

    /// Appends one failed `<record>` element; `group` is ignored (always 0).
    public func add(raw: UnsafeBufferPointer<UInt8>, group: Int) throws(SystemError) {
        try file.write(raw)
        try file.write("\n")
    }

    /// Closes `<records>` and renames the file into place.
    public func commit() throws(SystemError) {
        try file.write("</records>\n")
        try file.commit()
    }
}

@available(*, unavailable)
extension FlatXMLRejectedWriter: Sendable {}
