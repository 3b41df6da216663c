import IntakeSystem
import IntakeCore

/// Writes a pain.001's failed transactions as a pain.001 of the same version:
/// the original root and `CstmrCdtTrfInitn` start tags (same prefixes and
/// namespaces), the original `GrpHdr` with `NbOfTxs` and `CtrlSum` recomputed for
/// the failed transactions, then each `PmtInf` that has failed transactions: its
/// original children up to the first `CdtTrfTxInf` (with `NbOfTxs`/`CtrlSum`
/// recomputed where present), the failed transactions' exact bytes and its end tag.
///
/// A `CtrlSum` absent from the original stays absent. When a failed transaction's
/// amount is not a decimal number, the recomputed `CtrlSum` adds up the others (the
/// reader skips that sum check anyway). The transactions are spooled to a temporary
/// file next to `path` (memory stays bounded whatever their number; only one small
/// entry per payment block is kept; an encrypted report's transactions stay in
/// memory instead: no plain byte on disk); the headers come from the reader's
/// ``Pain001Outline`` at `commit()`, after the whole document was read.
public final class Pain001RejectedWriter: RejectedRecordsWriter {
    private struct Block {
        var group: Int
        var count = 0
        var bytes = 0
        var sum: Int128 = 0
    }

    private let path: String
    private let mode: UInt32
    private let outline: Pain001Outline
    private let spoolPath: String
    private let spool: FileDescriptor?
    private let sealer: (any FileSealer)?
    private var pending: [UInt8] = []
    private var blocks: [Block] = []
    private var committed = false

    /// Creates the spool file next to `path`; the final file (with `mode`) appears
    /// at `commit()`. `outline` is the reader's (``XMLRecordReader/outline``).
    public init(path: String, mode: UInt32, outline: Pain001Outline, sealer: (any FileSealer)? = nil) throws(SystemError) {
        self.path = path
        self.mode = mode
        self.outline = outline
        self.sealer = sealer
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        let unique = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        spoolPath = String(path[..<slash]) + "." + String(path[slash...]) + ".spool-\(FileSystem.processID)-" + unique
        spool = sealer == nil ? try FileDescriptor.openForWriting(spoolPath, mode: 0o600, exclusive: true) : nil
        pending.reserveCapacity(1 << 16)
    }

    deinit { if spool != nil { try? FileSystem.removeFile(spoolPath) } }

    /// Spools one failed `CdtTrfTxInf` of payment block `group` (0-based).
    public func add(raw: UnsafeBufferPointer<UInt8>, group: Int) throws(SystemError) {
        precondition(!committed, "Pain001RejectedWriter.add after commit")
        if blocks.last?.group != group { blocks.append(Block(group: group)) }
        let amount = Pain001TransactionAmount.instructed(in: raw) ?? 0
        blocks[blocks.count - 1].count += 1
        blocks[blocks.count - 1].bytes += raw.count + 1
        blocks[blocks.count - 1].sum += amount
        if pending.count + raw.count + 1 > 1 << 16 { try flushSpool() }
        if raw.count >= 1 << 16, let spool {
            try spool.write(UnsafeRawBufferPointer(raw))
        } else {
            pending.append(contentsOf: raw)
        }
        pending.append(UInt8(ascii: "\n"))
    }

    /// Writes the whole file under its final name (atomically) and deletes the spool.
    public func commit() throws(SystemError) {
        precondition(!committed, "Pain001RejectedWriter.commit called twice")
        try flushSpool()
        let snapshot = outline.snapshot()
        let file = try BufferedFile(path: path, mode: mode, sealer: sealer)
        try file.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        try write(snapshot.root, to: file)
        try file.write("\n")
        try write(snapshot.initiation, to: file)
        try file.write("\n")
        let total = blocks.reduce(0) { $0 + $1.count }
        let sum = blocks.reduce(Int128(0)) { $0 + $1.sum }
        try write(snapshot.groupHeader, count: total, sum: sum, to: file)
        try file.write("\n")
        let source = try spool.map { _ throws(SystemError) in try FileDescriptor.openForReading(spoolPath) }
        var held = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        for block in blocks {
            let header =
                block.group < snapshot.paymentBlocks.count
                ? snapshot.paymentBlocks[block.group]
                : Pain001Outline.Header(bytes: Array("<PmtInf>".utf8), name: Array("PmtInf".utf8))
            try write(header, count: block.count, sum: block.sum, to: file)
            if let source {
                try copy(block.bytes, from: source, through: &chunk, to: file)
            } else {
                try Syscalls.typed { try pending.withUnsafeBufferPointer { try file.write(UnsafeBufferPointer(rebasing: $0[held..<(held + block.bytes)])) } }
                held += block.bytes
            }
            try file.write("</")
            try write(header.name, to: file)
            try file.write(">\n")
        }
        try file.write("</")
        try write(snapshot.initiationName, to: file)
        try file.write(">\n</")
        try write(snapshot.rootName, to: file)
        try file.write(">\n")
        try file.commit()
        committed = true
        if spool != nil { try FileSystem.removeFile(spoolPath) }
    }

    private func flushSpool() throws(SystemError) {
        guard !pending.isEmpty, let spool else { return }
        try spool.write(pending)
        pending.removeAll(keepingCapacity: true)
    }

    private func write(_ bytes: [UInt8], to file: BufferedFile) throws(SystemError) {
        try Syscalls.typed { try bytes.withUnsafeBufferPointer { try file.write($0) } }
    }

    /// Writes `header` with its `NbOfTxs` and `CtrlSum` contents replaced.
    private func write(_ header: Pain001Outline.Header, count: Int, sum: Int128, to file: BufferedFile) throws(SystemError) {
        var replacements: [(Range<Int>, String)] = []
        if let range = header.count { replacements.append((range, String(count))) }
        if let range = header.sum { replacements.append((range, XMLDecimal.text(sum))) }
        replacements.sort { $0.0.lowerBound < $1.0.lowerBound }
        var offset = 0
        for (range, text) in replacements where range.lowerBound >= offset && range.upperBound <= header.bytes.count {
            try write(Array(header.bytes[offset..<range.lowerBound]), to: file)
            try file.write(text)
            offset = range.upperBound
        }
        try write(Array(header.bytes[offset...]), to: file)
    }

    /// Copies the next `count` spooled bytes into `file`.
    private func copy(
        _ count: Int, from source: FileDescriptor, through chunk: inout [UInt8], to file: BufferedFile
    ) throws(SystemError) {
        var left = count
        while left > 0 {
            let wanted = min(left, chunk.count)
            let n = try Syscalls.typed {
                try chunk.withUnsafeMutableBytes { try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<wanted])) }
            }
            guard n > 0 else { throw SystemError.readFailed("read (the spool file is shorter than written)", path: spoolPath) }
            try Syscalls.typed { try chunk.withUnsafeBufferPointer { try file.write(UnsafeBufferPointer(rebasing: $0[0..<n])) } }
            left -= n
        }
    }
}

@available(*, unavailable)
extension Pain001RejectedWriter: Sendable {}
