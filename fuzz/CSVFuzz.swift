// libFuzzer harness for CSVReader: see fuzz/README.md.

@_cdecl("LLVMFuzzerTestOneInput")
public func csvFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let input = FuzzInput(data, size) else { return 0 }
    var options = CSVReaderOptions()
    if let limits = input.limits {
        options.bufferSize = limits.buffer
        options.maxRecordBytes = limits.record
    }
    let observed = ObservedPrefix(input.document)
    let reader = CSVReader(
        source: MemoryByteSource(input.document, maxChunk: input.chunk), options: options,
        observe: { observed.observe($0) })
    var sum: UInt64 = 0
    // Bit 5 clear: a header first (the engine's way); set: headerless.
    if input.flags & 1 == 0 {
        do {
            let header = try reader.readHeader()
            for name in header { touch(name, &sum) }
            for byte in reader.rawHeader { sum = sum &+ UInt64(byte) }
            for byte in reader.lineEnding { sum = sum &+ UInt64(byte) }
        } catch {
            touch(error.description, &sum)
            do {
                _ = try reader.next()
                fatalError("next() after a failed readHeader() did not throw")
            } catch let again {
                guard again == error else { fatalError("a later error differs: \(again) vs \(error)") }
            }
            sink(sum)
            return 0
        }
    }
    do {
        var lastLine = 0
        while try reader.next() {
            for i in 0..<reader.fieldCount { touch(reader.field(i), &sum) }
            touch(reader.rawRecord, &sum)
            guard reader.rawRecord.count > 0 else { fatalError("a record with no raw bytes") }
            guard reader.line > lastLine else { fatalError("line did not advance: \(reader.line)") }
            lastLine = reader.line
            sum = sum &+ UInt64(reader.malformedField ?? 0) &+ UInt64(reader.delimiter)
        }
        guard reader.fieldCount == 0 else { fatalError("fields after the end") }
        guard try !reader.next() else { fatalError("a record after the end") }
        guard observed.count == input.document.count, reader.bytesRead == Int64(observed.count) else {
            fatalError("read \(observed.count)/\(reader.bytesRead) of \(input.document.count) bytes")
        }
    } catch {
        touch(error.description, &sum)
        expectSticky(error) { () throws(CSVError) in try reader.next() }
    }
    sink(sum)
    return 0
}
