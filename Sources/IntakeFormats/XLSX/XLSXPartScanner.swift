import IntakeCore
import IntakeSystem
/// One XML part of a workbook, inflated while Intake's own tokenizer
/// (``XMLScanner``) reads it: DTDs and unknown entities are refused as in any
/// XML document, UTF-8 is validated, and memory is one read buffer.
///
/// `next()` never answers `.needMore`: it refills from the ZIP entry itself.
/// Errors are ``XLSXError``s naming the part.
final class XLSXPartScanner {
    let scanner: XMLScanner
    let part: String
    private let reader: ZipEntryReader

    /// A scanner over the entry `entry` of `archive`.
    init(archive: ZipArchive, entry: ZipEntry, limits: XLSXLimits) throws(XLSXError) {
        part = entry.name
        reader = try archive.reader(for: entry)
        scanner = XMLScanner(
            bufferSize: min(limits.xml.bufferSize, max(64 << 10, Int(min(entry.uncompressedSize, Int64(Int.max))) + 64)),
            maxRecordBytes: limits.xml.maxRecordBytes, maxDepth: limits.xml.maxDepth)
    }

    /// Compressed bytes of the part read so far.
    var compressedBytesRead: Int64 { reader.compressedRead }

    /// The next token: a start tag, an end tag, text, or `.end` after a complete document.
    func next() throws(XLSXError) -> XMLToken {
        while true {
            let token: XMLToken
            do {
                token = try scanner.next()
            } catch {
                throw XLSXError(xml: error, part: part)
            }
            guard token == .needMore else { return token }
            let space: UnsafeMutableRawBufferPointer
            do {
                space = try scanner.freeSpace()
            } catch {
                throw XLSXError(xml: error, part: part)
            }
            scanner.append(count: try reader.read(into: space))
        }
    }

    /// Whether the current start tag's local name is `name`.
    @inline(__always)
    func isElement(_ name: StaticString) -> Bool {
        let local = scanner.localName
        return local.count == name.utf8CodeUnitCount
            && XMLScanner.equal(local, UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    /// The index of the current start tag's attribute whose local name is `name`
    /// (`prefixed`: only one with a namespace prefix, as `r:id`), if any.
    func attribute(_ name: StaticString, prefixed: Bool = false) -> Int? {
        let wanted = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        for (index, attribute) in scanner.attributes.enumerated() {
            var local = attribute.nameStart
            var scan = attribute.nameStart
            while scan < attribute.nameEnd {
                if scanner.buffer[scan] == 0x3A { local = scan + 1 }
                scan += 1
            }
            guard prefixed == (local != attribute.nameStart) else { continue }
            if XMLScanner.equal(scanner.bytes(local, attribute.nameEnd), wanted) { return index }
        }
        return nil
    }

    /// The value of the attribute `name` (references decoded) as bytes, or nil.
    func value(_ name: StaticString, prefixed: Bool = false) -> [UInt8]? {
        guard let index = attribute(name, prefixed: prefixed) else { return nil }
        var bytes: [UInt8] = []
        scanner.appendValue(of: index, to: &bytes)
        return bytes
    }

    /// The raw bytes of the attribute `name` when they hold no reference (`&…;`),
    /// valid until the next token; nil when absent or holding references.
    @inline(__always)
    func rawValue(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        guard let index = attribute(name) else { return nil }
        let attribute = scanner.attributes[index]
        guard !attribute.hasReferences else { return nil }
        return scanner.bytes(attribute.valueStart, attribute.valueEnd)
    }

    /// The value of the attribute `name` as a String, or nil.
    func string(_ name: StaticString, prefixed: Bool = false) -> String? {
        value(name, prefixed: prefixed).map { String(decoding: $0, as: UTF8.self) }
    }
}

@available(*, unavailable)
extension XLSXPartScanner: Sendable {}
