import Synchronization

/// How much a layer may produce: `max_file_bytes`, and 100 times what it
/// consumed once past 1 MiB (spec section 2: `decompression_limit`).
package struct LayerLimits: Sendable {
    /// Most bytes any layer may produce.
    package let maxBytes: Int64
    /// Largest output-to-input ratio once past ``ratioAllowance``.
    package static let maxRatio: Int64 = 100
    /// Output a layer may reach before the ratio applies (1 MiB).
    package static let ratioAllowance: Int64 = 1 << 20

    package init(maxBytes: Int64) {
        self.maxBytes = maxBytes
    }

    /// The failure for a layer `name` that produced `produced` bytes from `consumed`, or nil when within limits.
    package func check(name: String, produced: Int64, consumed: Int64) -> DocumentFailure? {
        if produced > maxBytes {
            return DocumentFailure(
                "decompression_limit",
                "the \(name) layer unpacks to more than \(maxBytes) bytes (max_file_bytes): a compression bomb, or a document too large for this workspace; split it, or raise max_file_bytes",
                errorCode: 413)
        }
        if produced > Self.ratioAllowance && produced > Self.maxRatio * max(consumed, 1) {
            return DocumentFailure(
                "decompression_limit",
                "the \(name) layer unpacks to more than \(Self.maxRatio) times its size (\(produced) bytes from \(consumed)): Intake refuses it as a compression bomb; send the document uncompressed",
                errorCode: 413)
        }
        return nil
    }
}

/// A byte count written by the thread that reads a document and read by
/// another (the job's progress).
package final class SharedByteCount: Sendable {
    private let count = Atomic<Int64>(0)

    package init() {}

    /// Adds `bytes`.
    package func add(_ bytes: Int) { _ = count.wrappingAdd(Int64(bytes), ordering: .relaxed) }

    /// The count now.
    package var value: Int64 { count.load(ordering: .relaxed) }
}

/// Counts the bytes a layer consumed from the layer below (one thread at a time).
package final class ByteCount: @unchecked Sendable {
    // Safe to share: the stack's sources live on the one thread that reads the document.
    package var value: Int64 = 0
    package init() {}
}

/// A source that shows every chunk read through it to `tap` (counts, hashes).
package struct TappedSource: ByteSource {
    private var source: any ByteSource
    private let tap: (UnsafeRawBufferPointer) -> Void

    package init(_ source: any ByteSource, tap: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.source = source
        self.tap = tap
    }

    /// `source` with every byte read counted into `count`.
    package init(_ source: any ByteSource, count: ByteCount) {
        self.init(source) { count.value += Int64($0.count) }
    }

    /// `source` with every byte read hashed and counted by `observer`.
    package init(_ source: any ByteSource, observer: ReadObserver) {
        self.init(source) { observer.observe($0, nulIsBinary: false) }
    }

    package mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let read = try source.read(into: buffer)
        tap(UnsafeRawBufferPointer(rebasing: buffer[0..<read]))
        return read
    }
}
