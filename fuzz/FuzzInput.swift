// Shared by the three harnesses (compiled into each fuzz binary, never into IntakeKit).

/// How one fuzz input is read: the first byte picks the chunking and the reader
/// limits, the rest is the document.
struct FuzzInput {
    /// Read sizes: 1 crosses every boundary, the odd ones cut multi-byte tokens.
    static let chunks = [1, 2, 3, 7, 64, 4096, 1 << 16, Int.max]

    let document: [UInt8]
    /// Bytes per `MemoryByteSource.read(into:)`.
    let chunk: Int
    /// 0: the reader's defaults; 1: a 16-byte buffer; 2: a 16-byte buffer and
    /// 256-byte records; 3: default buffer, 4 KiB records.
    let profile: Int
    /// Bits 5, 6 and 7 of the control byte, for harness-specific switches.
    let flags: UInt8

    init?(_ data: UnsafePointer<UInt8>?, _ size: Int) {
        guard let data, size >= 1 else { return nil }
        let control = data[0]
        chunk = Self.chunks[Int(control & 0x07)]
        profile = Int((control >> 3) & 0x03)
        flags = control >> 5
        document = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    }

    /// (bufferSize, maxRecordBytes) for `profile`; nil keeps the defaults.
    var limits: (buffer: Int, record: Int)? {
        switch profile {
        case 1: return (16, 16 << 20)
        case 2: return (16, 256)
        case 3: return (1 << 20, 4096)
        default: return nil
        }
    }
}

/// Checks that the reader's `observe` callback sees the input exactly once, in order.
final class ObservedPrefix {
    private let document: [UInt8]
    private(set) var count = 0

    init(_ document: [UInt8]) { self.document = document }

    func observe(_ chunk: UnsafeRawBufferPointer) {
        guard count + chunk.count <= document.count else {
            fatalError("observe saw more bytes than the input holds")
        }
        for (offset, byte) in chunk.enumerated() where document[count + offset] != byte {
            fatalError("observe saw a byte that differs from the input at \(count + offset)")
        }
        count += chunk.count
    }
}

/// Reads every byte of `bytes` so the optimizer keeps the accessors and ASan checks them.
@inline(never)
func touch(_ bytes: UnsafeBufferPointer<UInt8>, _ sum: inout UInt64) {
    for byte in bytes { sum = sum &* 31 &+ UInt64(byte) }
}

@inline(never)
func touch(_ text: String, _ sum: inout UInt64) {
    for byte in text.utf8 { sum = sum &* 31 &+ UInt64(byte) }
}

/// Keeps `sum` alive.
@inline(never)
func sink(_ sum: UInt64) {
    if sum == 0x5EED_F00D_5EED_F00D { print("") }
}

/// Traps unless `next` (a reader's next record, after it threw `error`) throws
/// the very same error again: reader errors are sticky.
func expectSticky<Failure: Error & Equatable>(_ error: Failure, _ next: () throws(Failure) -> Bool) {
    do {
        _ = try next()
        fatalError("next() after a throw did not throw")
    } catch let again {
        guard again == error else { fatalError("a later error differs: \(again) vs \(error)") }
    }
}
