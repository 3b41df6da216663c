import IntakeCore
import IntakeSystem

/// Scratch bytes kept in memory up to ``memoryLimit``, then spilled to a
/// scratch file beside the report (bounded memory for a job of millions of
/// rows; no file made at all for a small job, whose report is then one file
/// creation cheaper).
package final class SpillBuffer {
    package static let memoryLimit = 256 << 10
    private let path: String
    private var memory: [UInt8] = []
    private var file: BufferedFile?
    private let spills: Bool

    /// A buffer that spills to a scratch file named after `path` (mode 0600);
    /// with `spills` false it stays in memory (an encrypted report's rows
    /// never reach the disk in plain; at most ``JobResult/progressLimit`` rows).
    package init(path: String, spills: Bool = true) {
        self.path = path
        self.spills = spills
    }

    /// Appends a string's UTF-8.
    package func write(_ text: String) throws(SystemError) {
        if let file { return try file.write(text) }
        memory.append(contentsOf: text.utf8)
        guard spills && memory.count > SpillBuffer.memoryLimit else { return }
        let spilled = try BufferedFile(path: path, mode: 0o600)
        try memory.withUnsafeBufferPointer { (bytes) throws(SystemError) in try spilled.write(bytes) }
        memory = []
        file = spilled
    }

    /// Writes everything buffered so far to `output`.
    package func copy(to output: BufferedFile) throws(SystemError) {
        if let file {
            try FileSystem.append(contentsOf: file.flushedScratch(), to: output)
        } else {
            try memory.withUnsafeBufferPointer { (bytes) throws(SystemError) in try output.write(bytes) }
        }
    }
}

@available(*, unavailable)
extension SpillBuffer: Sendable {}
