import IntakeSystem
import Synchronization

/// The layers of one claimed file, stacked outermost first over it: read
/// front to back, it yields the document inside (spec section 2, "Layered drops").
///
/// Every byte of the file as dropped is hashed into ``dropped`` (the job's
/// `source.sha256`, which dedupe uses); every layer is held to
/// `max_file_bytes` and the 100:1 ratio; a layer that reads at random (a ZIP)
/// inside another is given its input in memory, up to ``memoryLimit``. The
/// first refusal any layer makes is kept in ``failure``: the readers above
/// turn a source's error into their own read error, and the engine asks
/// here first. Not thread-safe: one thread reads it (it moves to the parser
/// with the document).
package final class LayerStack: ByteSource, @unchecked Sendable {
    // Safe to share: used by one thread at a time, like the document it feeds.
    /// The layers' names, outermost first (`source.layers`).
    package let names: [String]
    /// The bytes of the file as dropped.
    package let dropped: ReadObserver
    /// Bytes of the dropped file the layers have consumed so far, readable
    /// from another thread: the job's progress, against the dropped size.
    private let droppedRead = SharedByteCount()
    /// Whether the outermost layer reads the file at random (a ZIP): the file
    /// is read whole before the document, so its consumption says nothing of progress.
    private let readsFileAtRandom: Bool
    /// The first refusal a layer made, if any.
    package private(set) var failure: DocumentFailure?
    private let file: FileDescriptor
    private var content: any ByteSource
    private var ended = false

    /// Most bytes a layer's input (or a workbook inside a layer) is held in memory: 256 MiB.
    package static let memoryLimit: Int64 = 256 << 20

    /// Stacks `layers` (outermost first) over the claimed `file`, at offset 0.
    /// - Throws: the ``DocumentFailure`` a layer refuses with while opening, or a read's ``SystemError``.
    package init(file: FileDescriptor, layers: [any DocumentLayer], context: LayerContext) throws {
        self.file = file
        names = layers.map(\.name)
        readsFileAtRandom = layers.first?.needsRandomAccess ?? false
        let dropped = ReadObserver()
        self.dropped = dropped
        let limits = LayerLimits(maxBytes: context.maxFileBytes)
        let droppedRead = droppedRead
        var source: any ByteSource = TappedSource(FileByteSource(file)) {
            dropped.observe($0, nulIsBinary: false)
            droppedRead.add($0.count)
        }
        var failure: DocumentFailure?
        do {
            for (index, layer) in layers.enumerated() {
                let input: LayerInput
                let consumed = ByteCount()
                if layer.needsRandomAccess && index == 0 {
                    try Self.drain(&source)
                    input = .file(file)
                } else if layer.needsRandomAccess {
                    let bytes = try Self.hold(&source, limit: min(Self.memoryLimit, context.maxFileBytes), what: "the \(layer.name) archive")
                    input = .memory(bytes)
                } else {
                    input = .stream(TappedSource(source, count: consumed))
                }
                let opened = try layer.open(input, context: context)
                source = layer.limitsItself ? opened : LimitedSource(opened, name: layer.name, consumed: consumed, limits: limits)
            }
        } catch let refusal as DocumentFailure {
            failure = refusal
        }
        self.failure = failure
        content = source
        if let failure { throw failure }
    }

    /// Bytes of the dropped file consumed so far (any thread), for the job's
    /// progress against its size; nil when the outermost layer read it whole first (a ZIP).
    package var droppedProgress: Int64? {
        readsFileAtRandom ? nil : droppedRead.value
    }

    /// Reads the document's next bytes; a layer's refusal is kept and thrown.
    package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if let failure { throw failure }
        guard !ended else { return 0 }
        do {
            let count = try content.read(into: buffer)
            if count == 0 { ended = true }
            return count
        } catch let refusal as DocumentFailure {
            failure = refusal
            throw refusal
        }
    }

    /// Reads the rest of the document into `observer` (the reader may stop
    /// before the end), which checks every layer's integrity (a gzip CRC, an
    /// OpenPGP signature), then the rest of the dropped file into ``dropped``.
    /// Call before committing: a layer's verdict is known only at its end.
    package func finish(observing observer: ReadObserver) throws {
        let space = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { space.deallocate() }
        while true {
            let count = try read(into: space)
            if count == 0 { break }
            observer.observe(UnsafeRawBufferPointer(rebasing: space[0..<count]), nulIsBinary: false)
        }
        var rest: any ByteSource = TappedSource(FileByteSource(file), observer: dropped)
        try Self.drain(&rest)
    }

    /// The refusal of a layer, for a job that failed: read on to the end first
    /// when no layer has refused yet, so that an altered message is told as
    /// such rather than as the garbage its reader met.
    package func verdict() -> DocumentFailure? {
        if failure == nil { try? finish(observing: ReadObserver()) }
        return failure
    }

    /// The whole document in memory (a workbook, read at random), hashed into
    /// `observer`; more than ``memoryLimit`` (or `maxBytes`) is `decompression_limit`.
    package func whole(observing observer: ReadObserver, maxBytes: Int64) throws -> [UInt8] {
        var source: any ByteSource = TappedSource(self, observer: observer)
        return try Self.hold(&source, limit: min(Self.memoryLimit, maxBytes), what: "the document inside its layers")
    }

    private static func drain(_ source: inout any ByteSource) throws {
        let space = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { space.deallocate() }
        while try source.read(into: space) > 0 {}
    }

    private static func hold(_ source: inout any ByteSource, limit: Int64, what: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        let space = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { space.deallocate() }
        while true {
            let count = try source.read(into: space)
            if count == 0 { return bytes }
            guard Int64(bytes.count + count) <= limit else {
                throw DocumentFailure(
                    "decompression_limit",
                    "\(what) is larger than \(limit) bytes, the most Intake holds in memory to read it at random; send it without the outer layer, or split it",
                    errorCode: 413)
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: space[0..<count]))
        }
    }
}

/// A layer's output held to ``LayerLimits``.
package struct LimitedSource: ByteSource {
    private var source: any ByteSource
    private let name: String
    private let consumed: ByteCount
    private let limits: LayerLimits
    private var produced: Int64 = 0

    package init(_ source: any ByteSource, name: String, consumed: ByteCount, limits: LayerLimits) {
        self.source = source
        self.name = name
        self.consumed = consumed
        self.limits = limits
    }

    package mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = try source.read(into: buffer)
        produced += Int64(count)
        if let failure = limits.check(name: name, produced: produced, consumed: consumed.value) { throw failure }
        return count
    }
}
