// libFuzzer harness for the gzip and zip layers (Sources/IntakeFormats/Layers): see fuzz/README.md.
// OpenPGP is fuzzed by seeded mutations through GPGME instead (Tests/IntakeFormatsTests/Layers/
// OpenPGPMutationTests.swift): every GPGME call runs a gpg process, far too slow for libFuzzer.

/// Bit 5 of the control byte picks the layer (0 gzip, 1 zip); bit 6 reads a gzip from memory
/// rather than as a stream. The profile bounds what a layer may produce (`max_file_bytes`).
@_cdecl("LLVMFuzzerTestOneInput")
public func layersFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let input = FuzzInput(data, size) else { return 0 }
    let maxBytes: Int64 = [1 << 30, 1 << 20, 64 << 10, 16 << 20][input.profile]
    let zip = input.flags & 1 == 1
    let layer: any DocumentLayer = zip ? ZipLayer() : GzipLayer()
    let context = LayerContext(documentExtension: "csv", maxFileBytes: maxBytes, keysFolder: "/nonexistent")
    let layerInput: LayerInput = zip || input.flags & 2 == 2
        ? .memory(input.document) : .stream(MemoryByteSource(input.document, maxChunk: input.chunk))
    var sum: UInt64 = 0
    do {
        let consumed = ByteCount()
        let opened = try layer.open(layerInput, context: context)
        var source: any ByteSource = layer.limitsItself
            ? opened : LimitedSource(opened, name: layer.name, consumed: consumed, limits: LayerLimits(maxBytes: maxBytes))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: min(input.chunk, 1 << 16), alignment: 16)
        defer { buffer.deallocate() }
        var produced: Int64 = 0
        while true {
            let count = try source.read(into: buffer)
            if count == 0 { break }
            guard count <= buffer.count else { fatalError("a read returned more than its buffer") }
            produced += Int64(count)
            // Memory stays bounded: no layer produces more than max_file_bytes (a ZIP entry checks its own).
            guard produced <= maxBytes else { fatalError("\(layer.name) produced \(produced) bytes, over \(maxBytes)") }
            touch(UnsafeRawBufferPointer(start: buffer.baseAddress, count: count).bindMemory(to: UInt8.self), &sum)
        }
        // The end is sticky.
        guard try source.read(into: buffer) == 0 else { fatalError("bytes after the end") }
    } catch let failure as DocumentFailure {
        guard !failure.error.code.isEmpty, !failure.error.message.isEmpty else { fatalError("a failure without its code or message") }
        touch(failure.error.message, &sum)
    } catch {
        fatalError("\(layer.name) threw something other than a document failure: \(error)")
    }
    sink(sum)
    return 0
}
