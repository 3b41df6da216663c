// libFuzzer harness for JSONRecordReader: see fuzz/README.md.

@_cdecl("LLVMFuzzerTestOneInput")
public func jsonFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let input = FuzzInput(data, size) else { return 0 }
    var options = JSONReaderOptions()
    if let limits = input.limits {
        options.bufferSize = limits.buffer
        options.maxRecordBytes = limits.record
        // Shallow and short limits with the small profiles, to reach the checks fast.
        options.maxDepth = 8
        options.maxEnvelopeValueBytes = 32
    }
    // Bit 5 of the control byte: JSON Lines; clear: an array or a body.
    let lines = input.flags & 1 != 0
    let observed = ObservedPrefix(input.document)
    let reader = JSONRecordReader(
        source: MemoryByteSource(input.document, maxChunk: input.chunk), lines: lines,
        options: options, observe: { observed.observe($0) })
    var sum: UInt64 = 0
    do {
        var lastIndex = -1
        while try reader.next() {
            for i in 0..<reader.fieldCount {
                touch(reader.key(i), &sum)
                touch(reader.value(i), &sum)
                sum = sum &+ UInt64(reader.kind(i).rawValue)
            }
            touch(reader.rawRecord, &sum)
            touch(reader.path, &sum)
            touch(reader.syntaxError ?? "", &sum)
            touch(reader.bodyType ?? "", &sum)
            sum = sum &+ UInt64(reader.line) &+ (reader.recordIsObject ? 1 : 0)
            sum = sum &+ (reader.updatePayments == true ? 1 : 0) &+ UInt64(reader.group)
            guard reader.index > lastIndex else { fatalError("index did not advance") }
            lastIndex = reader.index
            guard reader.line >= 1 else { fatalError("line \(reader.line)") }
            guard reader.recordIsObject || reader.fieldCount == 0 else {
                fatalError("fields in a record that is not an object")
            }
        }
        guard reader.fieldCount == 0 else { fatalError("fields after the end") }
        guard try !reader.next() else { fatalError("a record after the end") }
        guard observed.count == input.document.count, reader.bytesRead == Int64(observed.count) else {
            fatalError("read \(observed.count)/\(reader.bytesRead) of \(input.document.count) bytes")
        }
    } catch {
        touch(error.message, &sum)
        sum = sum &+ UInt64(error.line ?? 0) &+ UInt64(error.column ?? 0)
        touch(error.code, &sum)
        expectSticky(error) { () throws(JSONError) in try reader.next() }
    }
    sink(sum)
    return 0
}
