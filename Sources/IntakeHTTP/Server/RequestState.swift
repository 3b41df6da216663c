import IntakeSystem

/// One request's state between libmicrohttpd's calls: its body as it
/// arrives, in memory up to `spillAbove` bytes, then in a file of the spill
/// folder (a document of `max_file_bytes` never sits in memory). The file is
/// removed when the request ends, unless the handler moved it away.
final class RequestState {
    let started: Double
    private var bytes: [UInt8] = []
    private var spill: BufferedFile?
    private var kept: String?
    private var size: Int64 = 0
    /// Set once the body passed the limit: the rest is dropped and the answer is 413.
    private(set) var tooLarge = false

    init(started: Double) { self.started = started }

    deinit { if let kept { try? FileSystem.removeFile(kept) } }

    /// Adds a chunk of the body.
    func append(_ chunk: UnsafeBufferPointer<UInt8>, limit: Int64, spillFolder: String?, spillAbove: Int) throws(SystemError) {
        size += Int64(chunk.count)
        guard size <= limit else {
            tooLarge = true
            bytes = []
            spill = nil
            return
        }
        if let spill {
            try spill.write(chunk)
            return
        }
        if let spillFolder, bytes.count + chunk.count > spillAbove {
            try FileSystem.createDirectories(spillFolder)
            let file = try BufferedFile(path: spillFolder + "/body-" + String(UInt64.random(in: 0...UInt64.max), radix: 16), mode: 0o640)
            try bytes.withUnsafeBufferPointer { (buffer) throws(SystemError) in try file.write(buffer) }
            try file.write(chunk)
            bytes = []
            spill = file
            return
        }
        bytes.append(contentsOf: chunk)
    }

    /// The whole body: in memory, or (`file`) the path of the file that holds it.
    func finish() throws(SystemError) -> (bytes: [UInt8], file: String?) {
        guard let spill else {
            defer { bytes = [] }
            return (bytes, nil)
        }
        try spill.commit(durable: false)
        kept = spill.path
        self.spill = nil
        return ([], spill.path)
    }
}
