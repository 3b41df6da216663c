// libFuzzer harness for XMLRecordReader: see fuzz/README.md.

@_cdecl("LLVMFuzzerTestOneInput")
public func xmlFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let input = FuzzInput(data, size) else { return 0 }
    var options = XMLReaderOptions()
    if let limits = input.limits {
        options.bufferSize = limits.buffer
        options.maxRecordBytes = limits.record
        options.maxDepth = 8
    }
    let observed = ObservedPrefix(input.document)
    let outline = Pain001Outline()
    let reader = XMLRecordReader(
        source: MemoryByteSource(input.document, maxChunk: input.chunk), options: options,
        outline: outline, observe: { observed.observe($0) })
    var sum: UInt64 = 0
    do {
        while try reader.next() {
            for i in 0..<reader.fieldCount {
                touch(reader.key(i), &sum)
                touch(reader.value(i), &sum)
                sum = sum &+ UInt64(reader.kind(i).rawValue)
            }
            touch(reader.rawRecord, &sum)
            touch(reader.path, &sum)
            touch(reader.painVersion ?? "", &sum)
            sum = sum &+ UInt64(reader.line) &+ UInt64(reader.group) &+ UInt64(reader.bytesRead)
            guard reader.line >= 1 else { fatalError("line \(reader.line)") }
            guard reader.rawRecord.count > 0 else { fatalError("a record with no raw bytes") }
        }
        guard reader.fieldCount == 0 else { fatalError("fields after the end") }
        guard try !reader.next() else { fatalError("a record after the end") }
        guard observed.count == input.document.count, reader.bytesRead == Int64(observed.count) else {
            fatalError("read \(observed.count)/\(reader.bytesRead) of \(input.document.count) bytes")
        }
        // The outline is a pain.001's: complete once such a document was read to its end.
        guard reader.painVersion == nil || outline.snapshot().complete else {
            fatalError("pain.001 outline incomplete after the end")
        }
    } catch {
        touch(error.description, &sum)
        touch(error.code, &sum)
        sum = sum &+ UInt64(error.line ?? 0)
        expectSticky(error) { () throws(XMLError) in try reader.next() }
    }
    let snapshot = outline.snapshot()
    sum = sum &+ UInt64(snapshot.root.count + snapshot.groupHeader.bytes.count + snapshot.paymentBlocks.count)
    sink(sum)
    return 0
}
