import IntakeSystem
import IntakeCore
extension DocumentFormat {
    /// Delimited text: `.csv`, `.tsv`, `.txt` (RFC 4180, the delimiter detected).
    public static let csv = DocumentFormat(rawValue: "csv")
}

/// Delimited text for every import type: the header is read and matched to
/// the type's fields when the document is opened; the rejected file is the
/// header and the failed lines, byte for byte.
struct CSVHandler: DocumentHandler {
    var format: DocumentFormat { .csv }
    var extensions: [String] { ["csv", "tsv", "txt"] }

    func open(_ input: DocumentInput) throws -> OpenedCSV {
        let reader = CSVReader(source: input.decodedText())
        var search = HeaderSearch(schema: input.schema, aliases: input.settings.columnAliases)
        var candidate: [String]? = try reader.readHeader()
        var mapping: HeaderMapping?
        while let header = candidate {
            let context = HeaderMapping.Context(
                line: reader.headerLine, encoding: input.encoding.current.name, delimiter: reader.delimiter)
            mapping = try search.consider(header, context: context)
            if mapping != nil { break }
            candidate = try reader.readNextHeader()
        }
        guard let mapping else {
            throw search.exhausted() ?? DocumentFailure(
                "no_records", "the file holds only empty lines; export it again with its header and rows", line: reader.headerLine)
        }
        return OpenedCSV(
            cursor: CSVRow(reader: reader, mapping: mapping), rejectedExtension: input.sourceExtension,
            header: Array(reader.rawHeader), lineEnding: reader.lineEnding, observer: input.observer,
            encoding: input.encoding)
    }
}

/// A CSV document past its header.
struct OpenedCSV: OpenedDocument {
    let cursor: CSVRow<InputSource>
    /// The dropped file's own extension (`tsv`): a person drops back the kind of file they sent.
    let rejectedExtension: String
    /// The header line as read (with a BOM and a `sep=` line if the document had them).
    let header: [UInt8]
    let lineEnding: [UInt8]
    let observer: ReadObserver
    let encoding: EncodingChoice

    func makeRejectedWriter(path: String, mode: UInt32, sealer: (any FileSealer)?) throws(SystemError) -> any RejectedRecordsWriter {
        try CSVRejectedWriter(path: path, mode: mode, sealer: sealer, header: header, lineEnding: lineEnding, encoding: encoding)
    }

    /// Rows above the header, unknown columns, empty rows skipped, and a last
    /// line without its line break.
    var warnings: [RowIssue] {
        cursor.mapping.warnings + (cursor.emptyRows.warning.map { [$0] } ?? [])
            + (observer.unendedLastLine(in: encoding.current).map { [$0] } ?? [])
    }

    var noRecords: DocumentFailure {
        DocumentFailure("no_records", "the file has a header but no rows; export it again with its rows", line: cursor.reader.headerLine + 1)
    }
}
