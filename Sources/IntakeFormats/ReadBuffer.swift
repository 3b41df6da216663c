import IntakeCore
import IntakeSystem

/// The one read buffer of the streaming scanners (CSV, JSON, XML): the bytes read so
/// far that are still needed, room to read more into, and the bookkeeping of a stream
/// (end of input, bytes read, the absolute offset of the first buffered byte).
///
/// It never reads by itself. A scanner answers `.needMore`; its reader asks the scanner
/// for room, the scanner calls `makeRoom(keeping:)` with the first byte it still needs
/// and shifts its own indexes by what was dropped, the reader reads into `freeSpace` and
/// reports the count with `append(count:)`. The buffer doubles only while the kept bytes
/// fill all of it, up to `capacityLimit`, and returns to its configured size once the
/// oversized record has passed.
///
/// A value type held by one scanner, which frees it in its `deinit` (`deallocate()`);
/// copies share the memory, so none is made.
struct ReadBuffer {
    /// The buffered input: bytes `0..<end` hold what was read.
    private(set) var bytes: UnsafeMutablePointer<UInt8>
    /// Bytes allocated at `bytes`.
    private(set) var capacity: Int
    /// The configured size, which the buffer returns to after an oversized record.
    let baseCapacity: Int
    /// Largest capacity worth having: the largest record plus `slack`.
    let capacityLimit: Int
    /// Bytes `0..<end` of `bytes` hold input.
    private(set) var end = 0
    /// Whether the source reported its end (a read of 0 bytes).
    private(set) var atEOF = false
    /// Total bytes appended so far.
    private(set) var bytesRead: Int64 = 0
    /// Absolute stream offset of `bytes[0]` (the bytes dropped so far).
    private(set) var base = 0

    /// A buffer of `size` bytes (at least `minimum`) for records of up to
    /// `maxRecordBytes` bytes, which may grow to `maxRecordBytes + slack` (the line
    /// ending or closing markup a scanner needs to see after the largest record).
    init(size: Int, minimum: Int, maxRecordBytes: Int, slack: Int) {
        capacityLimit = maxRecordBytes > Int.max - slack ? Int.max : maxRecordBytes + slack
        baseCapacity = min(max(minimum, size), capacityLimit)
        capacity = baseCapacity
        bytes = .allocate(capacity: capacity)
    }

    /// Frees the memory; the owner calls it once, from its `deinit`.
    func deallocate() { bytes.deallocate() }

    /// Room to read into, after `makeRoom(keeping:)`.
    var freeSpace: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: bytes + end, count: capacity - end)
    }

    /// Makes room to read into while keeping bytes `keep..<end`: drops the bytes before
    /// `keep` (moving the rest to the front) when the buffer is full or half consumed,
    /// and doubles the buffer only when the kept bytes fill all of it.
    ///
    /// Returns how many bytes were dropped (subtract it from every index into the
    /// buffer), or nil when the kept bytes fill the buffer at `capacityLimit`: the
    /// record is too long, and nothing was dropped.
    mutating func makeRoom(keeping keep: Int) -> Int? {
        var dropped = 0
        if keep > 0 && (end == capacity || keep >= capacity / 2) {
            let tail = end - keep
            if tail > 0 { Memory.move(bytes, from: bytes + keep, count: tail) }
            end = tail
            base += keep
            dropped = keep
            // A record larger than the configured buffer has passed: give the memory back.
            if capacity > baseCapacity && tail <= baseCapacity / 2 {
                resize(to: baseCapacity)
            }
        }
        if end == capacity {
            guard capacity < capacityLimit else { return nil }
            let doubled = capacity > Int.max / 2 ? Int.max : capacity * 2
            resize(to: min(doubled, capacityLimit))
        }
        return dropped
    }

    /// Records that `count` bytes were read into `freeSpace`; 0 marks the end of input.
    mutating func append(count: Int) {
        if count == 0 { atEOF = true } else { end += count }
        bytesRead += Int64(count)
    }

    private mutating func resize(to newCapacity: Int) {
        bytes = Self.moved(bytes, count: end, capacity: newCapacity)
        capacity = newCapacity
    }

    /// A new block of `capacity` bytes holding `count` bytes copied from `old`; `old`
    /// is freed. (The XLSX row reader's arena grows the same way.)
    static func moved(
        _ old: UnsafeMutablePointer<UInt8>, count: Int, capacity: Int
    ) -> UnsafeMutablePointer<UInt8> {
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.update(from: old, count: count)
        old.deallocate()
        return grown
    }
}

/// A scanner that reads through a ``ReadBuffer`` named `input`; the shortcuts keep
/// the scan loops as short as when each scanner held its own buffer.
protocol ReadBufferOwner: AnyObject {
    /// The scanner's read buffer.
    var input: ReadBuffer { get }
}

extension ReadBufferOwner {
    /// The buffered input (`input.bytes`).
    @inline(__always) var buffer: UnsafeMutablePointer<UInt8> { input.bytes }
    /// Bytes `0..<end` of `buffer` hold input.
    @inline(__always) var end: Int { input.end }
    /// Whether the source reported its end.
    @inline(__always) var atEOF: Bool { input.atEOF }
    /// Bytes allocated for the buffer.
    @inline(__always) var capacity: Int { input.capacity }
    /// Total bytes read so far.
    @inline(__always) var bytesRead: Int64 { input.bytesRead }
    /// Absolute stream offset of `buffer[0]`.
    @inline(__always) var base: Int { input.base }
}
