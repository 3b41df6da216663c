import CZlib
import IntakeCore
import IntakeSystem

/// Raw deflate (RFC 1951, as in ZIP entries) through zlib, one call at a time
/// over caller-owned buffers, and zlib's CRC-32. The only file that sees zlib.
///
/// The `z_stream` lives at a fixed address (zlib keeps a pointer back to it) and
/// is released in `deinit`. One inflater belongs to one reader on one thread.
final class ZipInflater {
    /// What one ``inflate(from:into:)`` call did.
    struct Step {
        /// Input bytes consumed.
        var consumed: Int
        /// Output bytes produced.
        var produced: Int
        /// The deflate stream's final block was reached.
        var finished: Bool
    }

    private let stream: UnsafeMutablePointer<z_stream>

    /// A fresh raw-deflate inflater (a gzip one, header and trailer checked, when
    /// `gzip`); throws `damaged` if zlib cannot start one.
    init(gzip: Bool = false) throws(XLSXError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = gzip ? czlib_inflate_init_gzip(stream) : czlib_inflate_init_raw(stream)
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw XLSXError(.read, "zlib could not start inflating (status \(status)); retry, the machine may be out of memory")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Inflates from `input` into `output` as far as either allows. Throws
    /// `damaged` (naming `part`) when the data is not valid deflate.
    func inflate(
        from input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, part: String
    ) throws(XLSXError) -> Step {
        guard let out = output.baseAddress, output.count > 0 else { return Step(consumed: 0, produced: 0, finished: false) }
        let inBase = input.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self)) }
        stream.pointee.next_in = input.isEmpty ? nil : inBase
        stream.pointee.avail_in = uInt(clamping: input.count)
        stream.pointee.next_out = out.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(clamping: output.count)
        let availIn = stream.pointee.avail_in
        let availOut = stream.pointee.avail_out
        let status = CZlib.inflate(stream, Z_NO_FLUSH)
        let step = Step(
            consumed: Int(availIn - stream.pointee.avail_in), produced: Int(availOut - stream.pointee.avail_out),
            finished: status == Z_STREAM_END)
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        switch status {
        case Z_OK, Z_STREAM_END:
            return step
        case Z_BUF_ERROR:
            // No progress was possible: more input is needed (the caller decides if there is any).
            return step
        case Z_MEM_ERROR:
            throw XLSXError(.read, "zlib ran out of memory inflating \(part); retry later", part: part)
        default:
            let detail = stream.pointee.msg.map { String(cString: $0) } ?? "status \(status)"
            throw XLSXError(
                .damaged,
                "the compressed data of \(part) is damaged (\(detail)); open the workbook in Excel or"
                    + " LibreOffice and save it again as .xlsx",
                part: part)
        }
    }

    /// Starts a next stream with the same settings (a gzip file of several members).
    func reset() {
        inflateReset(stream)
    }

    /// zlib's CRC-32 of `bytes` continued from `crc` (0 to start).
    static func crc32(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return crc }
        var value = UInt(crc)
        var offset = 0
        while offset < bytes.count {
            let count = min(bytes.count - offset, Int(UInt32.max >> 1))
            value = CZlib.crc32(value, (base + offset).assumingMemoryBound(to: Bytef.self), uInt(count))
            offset += count
        }
        return UInt32(truncatingIfNeeded: value)
    }
}

@available(*, unavailable)
extension ZipInflater: Sendable {}
