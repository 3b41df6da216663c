import IntakeCore
import IntakeSystem

/// `.gz`: a gzip file (RFC 1952) inflated through zlib while it is read, its
/// CRC-32 and size checked at each member's end; several members (as `cat
/// a.gz b.gz` makes) are read one after the other. Anything else after a
/// member, or a stream cut off, fails the job (`gzip_invalid`).
struct GzipLayer: DocumentLayer {
    var name: String { "gzip" }
    var extensions: [String] { ["gz"] }

    func open(_ input: LayerInput, context: LayerContext) throws -> any ByteSource {
        do {
            return try GzipReader(input.sequential)
        } catch {
            throw GzipReader.invalid("zlib could not start (\(error.message))")
        }
    }
}

/// The inflated bytes of a gzip stream read from a ``ByteSource``.
final class GzipReader: ByteSource {
    private var source: any ByteSource
    private let inflater: ZipInflater
    private let input: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var inputEnded = false
    private var memberEnded = false
    private var members = 0

    init(_ source: any ByteSource) throws(XLSXError) {
        self.source = source
        inflater = try ZipInflater(gzip: true)
        input = .allocate(byteCount: 1 << 16, alignment: 16)
    }

    deinit { input.deallocate() }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            if start == end && !inputEnded { try refill() }
            if memberEnded || members == 0 {
                guard try startMember() else { return 0 }
            }
            let step: ZipInflater.Step
            do {
                step = try inflater.inflate(
                    from: UnsafeRawBufferPointer(rebasing: input[start..<end]), into: buffer, part: "the gzip layer")
            } catch {
                throw Self.invalid(error.message.hasPrefix("the compressed data") ? "its compressed data is damaged" : error.message)
            }
            start += step.consumed
            if step.finished { memberEnded = true }
            if step.produced > 0 { return step.produced }
            if step.finished { continue }
            if step.consumed == 0 {
                if inputEnded { throw Self.invalid("the gzip stream ends before its end: the file was cut off in transfer") }
                if end - start >= input.count { throw Self.invalid("its compressed data cannot be inflated") }
                try refill()
            }
        }
    }

    /// At the start or after a member's end: true when another member follows
    /// (its magic bytes seen), false at the end of the input; junk throws.
    private func startMember() throws -> Bool {
        while end - start < 2 && !inputEnded { try refill() }
        if start == end && inputEnded {
            guard members > 0 else { throw Self.invalid("the file holds no gzip data") }
            return false
        }
        guard end - start >= 2, input[start] == 0x1F, input[start + 1] == 0x8B else {
            throw Self.invalid(members == 0
                ? "the file does not start as gzip data does (1F 8B): it is not a .gz file"
                : "the file has \(members == 1 ? "bytes" : "more bytes") after its gzip data that are not gzip")
        }
        if members > 0 { inflater.reset() }
        members += 1
        memberEnded = false
        return true
    }

    private func refill() throws {
        let kept = end - start
        if kept > 0 && start > 0 {
            input.baseAddress.map { $0.copyMemory(from: $0 + start, byteCount: kept) }
        }
        start = 0
        end = kept
        let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: input[end...]))
        if count == 0 { inputEnded = true }
        end += count
    }

    static func invalid(_ detail: String) -> DocumentFailure {
        DocumentFailure(
            "gzip_invalid",
            "the .gz layer cannot be read: \(detail); compress the document again with gzip (or drop it uncompressed, without .gz)")
    }
}

@available(*, unavailable)
extension GzipReader: Sendable {}
