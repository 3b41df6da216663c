import Testing

@testable import IntakeFormats
@testable import IntakeKit
import IntakeTestSupport

/// The ZIP reader and zlib inflate against data Python's zipfile and zlib made
/// (levels 1 and 9; sizes 0 to 200,003 around the 64 KiB chunk), through
/// one-byte positional reads and one-byte output buffers.
@Suite struct ZipInflateTests {
    /// The generator make_xlsx_crafted.py used: "row N;" repeated, cut at `count`.
    static func pattern(_ count: Int) -> [UInt8] {
        var state: UInt64 = 12345
        var out: [UInt8] = []
        while out.count < count {
            state = (state &* 1_103_515_245 &+ 12345) & 0x7FFF_FFFF
            out += Array("row \(state % 1000);".utf8)
        }
        return Array(out.prefix(count))
    }

    private func read(_ reader: ZipEntryReader, by size: Int) throws -> [UInt8] {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 1)
        defer { buffer.deallocate() }
        var out: [UInt8] = []
        while true {
            let count = try reader.read(into: buffer)
            if count == 0 { return out }
            out += buffer[0..<count]
        }
    }

    @Test func everyEntryInflatesToItsPatternWhateverTheReadSizes() throws {
        let bytes = try XLSXTestKit.fixture("inflate-sizes.zip")
        for chunk in [1, 7, Int.max] {
            let archive = try ZipArchive(source: MemoryRandomAccessSource(bytes, maxChunk: chunk))
            #expect(archive.entries.count == 17)
            for entry in archive.entries {
                let size = try #require(Int(entry.name.split(separator: "-")[1]))
                let outSizes = chunk == 1 && size > 70_000 ? [4096] : [1, 4096, 1 << 16, 1 << 20]
                for out in outSizes {
                    let data = try read(try archive.reader(for: entry), by: out)
                    #expect(data == Self.pattern(size), "\(entry.name) read by \(chunk)/\(out)")
                }
            }
        }
    }

    @Test func aFlippedByteInDeflateDataFailsTheCRCOrTheStream() throws {
        var bytes = try XLSXTestKit.fixture("inflate-sizes.zip")
        let archive = try ZipArchive(source: MemoryRandomAccessSource(bytes))
        let entry = try #require(archive.entry(named: "best-65537"))
        bytes[Int(entry.dataOffset) + 200] ^= 0x55
        let damaged = try ZipArchive(source: MemoryRandomAccessSource(bytes))
        #expect(throws: XLSXError.self) { _ = try damaged.contents(of: try #require(damaged.entry(named: "best-65537"))) }
    }
}
