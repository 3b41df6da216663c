import Testing

@testable import IntakeFormats
@testable import IntakeKit

/// The scanners' shared read buffer, driven the way a scanner drives it: keep the
/// unfinished record, make room, read, append.
@Suite struct ReadBufferTests {
    /// Splits `input` into `\n`-terminated records through a `size`-byte buffer fed
    /// `chunk` bytes per read, checking on the way that the stream offsets hold.
    struct LineDriver {
        var buffer: ReadBuffer
        var source: MemoryByteSource
        var records: [[UInt8]] = []
        var capacities: [Int] = []
        var recordStart = 0
        var scan = 0

        init(_ input: [UInt8], size: Int, chunk: Int, maxRecordBytes: Int = 1 << 20) {
            buffer = ReadBuffer(size: size, minimum: 1, maxRecordBytes: maxRecordBytes, slack: 1)
            source = MemoryByteSource(input, maxChunk: chunk)
        }

        /// Reads everything; nil when a record did not fit under the limit.
        mutating func run() -> [[UInt8]]? {
            defer { buffer.deallocate() }
            while true {
                while scan < buffer.end {
                    if buffer.bytes[scan] == 0x0A {
                        records.append(Array(UnsafeBufferPointer(start: buffer.bytes + recordStart, count: scan - recordStart)))
                        recordStart = scan + 1
                    }
                    scan += 1
                }
                if buffer.atEOF { return records }
                let absoluteStart = buffer.base + recordStart
                guard let dropped = buffer.makeRoom(keeping: recordStart) else { return nil }
                recordStart -= dropped
                scan -= dropped
                #expect(buffer.base + recordStart == absoluteStart)
                let space = buffer.freeSpace
                #expect(!space.isEmpty)
                buffer.append(count: source.read(into: space))
                capacities.append(buffer.capacity)
            }
        }
    }

    static let lines: [[UInt8]] = [
        Array("a,b".utf8), Array("longer line here".utf8), [], Array("x".utf8),
        Array(repeating: 0x41, count: 97), Array("tail".utf8),
    ]
    static let input: [UInt8] = lines.flatMap { $0 + [0x0A] }

    @Test(arguments: [1, 2, 3, 7, 64, Int.max])
    func refillsAcrossChunkBoundaries(chunk: Int) {
        var driver = LineDriver(Self.input, size: 8, chunk: chunk)
        #expect(driver.run() == Self.lines)
        #expect(driver.buffer.bytesRead == Int64(Self.input.count))
        #expect(driver.buffer.base + driver.buffer.end == Self.input.count)
    }

    @Test func growsForARecordLongerThanTheBufferAndGivesTheMemoryBack() {
        var driver = LineDriver(Self.input, size: 8, chunk: 1)
        #expect(driver.run() == Self.lines)
        // The 97-byte line doubled the buffer to 128; the short lines after it brought it back to 8.
        #expect(driver.capacities.max() == 128)
        #expect(driver.capacities.last == 8)
    }

    @Test func oneByteReadsIntoAOneByteBuffer() {
        var driver = LineDriver(Self.input, size: 1, chunk: 1)
        #expect(driver.run() == Self.lines)
    }

    @Test func refusesARecordThatFillsTheBufferAtItsLimit() {
        // Records of up to 16 bytes: the buffer may hold 17 (the limit plus the newline).
        var driver = LineDriver(Array(repeating: 0x42, count: 40) + [0x0A], size: 4, chunk: 3, maxRecordBytes: 16)
        #expect(driver.run() == nil)
        #expect(driver.buffer.capacity == 17)
        #expect(driver.buffer.end == 17)
        #expect(driver.buffer.base == 0)
    }

    @Test func limitNeverOverflows() {
        let buffer = ReadBuffer(size: 64, minimum: 16, maxRecordBytes: Int.max - 1, slack: 2)
        defer { buffer.deallocate() }
        #expect(buffer.capacityLimit == Int.max)
        #expect(buffer.baseCapacity == 64)
        let tiny = ReadBuffer(size: 0, minimum: 16, maxRecordBytes: 100, slack: 2)
        defer { tiny.deallocate() }
        #expect(tiny.capacity == 16)
    }
}
