import Foundation

/// Counts and hashes every byte the parser reads, and notes the first NUL byte.
///
/// Hashing runs on whichever thread reads: during an import that is the
/// parsing thread, which has time to spare while the writing thread waits on
/// SQLite (a third thread for hashing only competed for the two cores).
package final class ReadObserver: @unchecked Sendable {
    // Safe to share: used by one thread at a time; the reader is handed to the
    // parsing thread whole, and ``digest()`` is read after it has finished.
    private var hasher = SHA256()
    package private(set) var bytes: Int64 = 0
    /// The last byte read (at the end: whether the file ends with a line break).
    package private(set) var lastByte: UInt8?
    /// The byte before ``lastByte`` (a UTF-16 line break is two bytes).
    package private(set) var byteBeforeLast: UInt8?
    /// Offset of the first NUL byte, if any: no text format Intake reads holds one.
    package private(set) var nulOffset: Int64?

    /// Hashes and counts `chunk`; notes a NUL byte when `nulIsBinary` (not in UTF-16, where NULs are half of every ASCII character).
    package func observe(_ chunk: UnsafeRawBufferPointer, nulIsBinary: Bool = true) {
        hasher.update(chunk)
        if nulIsBinary, nulOffset == nil, let base = chunk.baseAddress, let found = memchr(base, 0, chunk.count) {
            nulOffset = bytes + Int64(base.distance(to: UnsafeRawPointer(found)))
        }
        bytes += Int64(chunk.count)
        if let last = chunk.last {
            byteBeforeLast = chunk.count >= 2 ? chunk[chunk.count - 2] : lastByte
            lastByte = last
        }
    }

    package func digest() -> String { SHA256.hex(hasher.finalize()) }

    /// The document failure for a NUL byte, once one was read.
    package var nulFailure: DocumentFailure? {
        nulOffset.map {
            DocumentFailure(
                "nul_byte",
                "the file holds a NUL byte at byte \($0): it is binary or UTF-16, not text; export it again as UTF-8 (or set the workspace's encoding) text")
        }
    }

    /// The warning `no_final_line_break` for a line-based document (CSV, JSON
    /// Lines) read to its end whose last line is not ended, else nil: an upload
    /// cut off mid-row looks like that, and its last row may hold a cut value
    /// (`1` of `1.78`) that is valid on its face. In UTF-16 the last
    /// character is the last two bytes, in the document's byte order (Excel's
    /// "Unicode Text" ends with `0D 00 0A 00`).
    package func unendedLastLine(in encoding: DocumentEncoding) -> RowIssue? {
        guard let last = lastByte else { return nil }
        var unit = UInt16(last)
        if case .utf16(let bigEndian) = encoding {
            let before = UInt16(byteBeforeLast ?? 0)
            unit = bigEndian ? before << 8 | unit : unit << 8 | before
        }
        guard unit != 0x0A, unit != 0x0D else { return nil }
        return RowIssue(Issue(
            "no_final_line_break", field: "",
            description: "the file does not end with a line break: if its upload was cut off, the last row may be incomplete; check it, or drop the whole file again",
            severity: .warning))
    }
}

/// What ``InputSource`` throws at the first NUL byte, so that no reader takes
/// the rest for the end of the document.
package struct NulByteRead: Error, CustomStringConvertible {
    package var description: String { "a NUL byte" }
}
