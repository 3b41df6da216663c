import IntakeCore
import IntakeSystem

/// `.zip`: a ZIP archive holding exactly one document of the kind its name
/// says (`june.csv.zip` holds one `.csv`), read with the workbook's ZIP
/// reader and its hostile-archive checks (unsafe names, overlaps, encryption,
/// the size and 100:1 ratio limits while inflating). Anything else it holds
/// (a second file, a folder) ends the job `archive_contents`.
struct ZipLayer: DocumentLayer {
    var name: String { "zip" }
    var extensions: [String] { ["zip"] }
    var needsRandomAccess: Bool { true }
    /// The entry's reader holds the inflated bytes to max_file_bytes and 100:1.
    var limitsItself: Bool { true }

    func open(_ input: LayerInput, context: LayerContext) throws -> any ByteSource {
        let source: any RandomAccessSource
        switch input {
        case .file(let file): source = try Self.mapped { () throws(XLSXError) in try FileRandomAccessSource(file) }
        case .memory(let bytes): source = MemoryRandomAccessSource(bytes)
        case .stream: throw Self.failure("zip_invalid", "the archive was not given to its reader whole; drop it again")
        }
        let archive = try Self.mapped { () throws(XLSXError) in
            try ZipArchive(source: source, limits: XLSXLimits(maxFileBytes: context.maxFileBytes))
        }
        let wanted = context.documentExtension
        // One document at the top: a folder (`export/june.csv`) is not what its name says either.
        let documents = archive.entries.filter { !$0.name.contains("/") && Self.extensionOf($0.name) == wanted }
        guard archive.entries.count == 1, let entry = documents.first else {
            let names = archive.entries.prefix(5).map(\.name).joined(separator: ", ")
            let more = archive.entries.count > 5 ? " and \(archive.entries.count - 5) more" : ""
            throw Self.failure(
                "archive_contents",
                "the ZIP archive holds \(archive.entries.count) entr\(archive.entries.count == 1 ? "y" : "ies") (\(names)\(more)), not exactly one .\(wanted) document as its name says; zip the one document alone (no folder) and drop it again, or drop it unzipped")
        }
        return ZipLayerReader(try Self.mapped { () throws(XLSXError) in try archive.reader(for: entry) })
    }

    static func extensionOf(_ name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    /// Runs `body`, turning the ZIP reader's errors into the layer's codes.
    static func mapped<T>(_ body: () throws(XLSXError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw refusal(error)
        }
    }

    static func refusal(_ error: XLSXError) -> any Error {
        switch error.kind {
        case .read: return error
        case .bomb: return failure("decompression_limit", "the .zip layer: \(error.message)", errorCode: 413)
        case .unsafeEntry: return failure("archive_contents", "the ZIP archive: \(error.message)")
        default:
            return failure(
                "zip_invalid",
                "the .zip layer cannot be read (\(error.message)); zip the document again (or drop it unzipped, without .zip)")
        }
    }

    static func failure(_ code: String, _ message: String, errorCode: Int = 422) -> DocumentFailure {
        DocumentFailure(code, message, errorCode: errorCode)
    }
}

/// The one entry's bytes, the ZIP reader's errors told as the layer's.
struct ZipLayerReader: ByteSource {
    private let reader: ZipEntryReader

    init(_ reader: ZipEntryReader) {
        self.reader = reader
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try ZipLayer.mapped { () throws(XLSXError) in try reader.read(into: buffer) }
    }
}
