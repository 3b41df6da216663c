import IntakeCore
import IntakeSystem
/// A streaming, byte-level RFC 4180 CSV reader.
///
/// It reads through one reusable buffer (`Options.bufferSize`, grown only while a
/// single record is larger than it, up to `Options.maxRecordBytes`), validates that the
/// whole input is UTF-8, and hands out fields as byte ranges without allocating per
/// row. Fields point straight into the read buffer unless they had doubled quotes (or
/// text after the closing quote); those are unescaped into a per-record scratch area.
///
/// Usage: `readHeader()` once, then `while try reader.next() { ... field(i) ... }`.
/// Document-level problems (invalid UTF-8, a quote never closed, a runaway record) throw
/// `CSVError` and end the read; the same error is thrown again by later calls.
/// Not thread-safe: one reader belongs to one task.
public final class CSVReader<Source: ByteSource> {
    /// Reader limits. The same type for every `Source`.
    public typealias Options = CSVReaderOptions

    private let scanner: CSVRecordScanner
    private var source: Source
    private let observe: ((UnsafeRawBufferPointer) -> Void)?
    private var started = false
    private var failure: CSVError?

    /// The field delimiter: ',' until `readHeader()` detects another (';', tab, '|') or
    /// reads Excel's `sep=X` line.
    public var delimiter: UInt8 { scanner.delimiter }
    /// 1-based physical line where the current record starts (the header is line 1 unless
    /// blank lines precede it; quoted fields with embedded newlines push later records down).
    public var line: Int { scanner.line }
    /// Set when the record was recoverably malformed: text after a closing quote in
    /// field `i` (`"abc"x`). The record is still delimited correctly and the field holds
    /// the unquoted text followed by the rest literally (`abcx`); the caller fails the row.
    public var malformedField: Int? { scanner.malformedField }
    /// Total bytes read from the source so far, BOM included (for progress).
    public var bytesRead: Int64 { scanner.bytesRead }
    /// The header exactly as in the file: the BOM if there was one, then the header
    /// record's bytes with its line ending (to start a file of rejected rows). Empty
    /// until `readHeader()` returned.
    public private(set) var rawHeader: [UInt8] = []
    /// The 1-based physical line of the header: 1, or 2 after a `sep=` line (more after blank lines).
    public private(set) var headerLine = 1
    /// The header's line ending (`[0x0D, 0x0A]`, `[0x0A]` or `[0x0D]`), `[0x0A]` when the
    /// header has none; for rows written after a last record that lacked one.
    public private(set) var lineEnding: [UInt8] = [CSVRecordScanner.lf]

    /// Creates a reader over `source`. `observe` is called with every chunk of raw bytes
    /// exactly as read, in order and each byte once (BOM included), before it is parsed.
    public init(
        source: Source, options: Options = .init(),
        observe: ((UnsafeRawBufferPointer) -> Void)? = nil
    ) {
        self.source = source
        self.observe = observe
        scanner = CSVRecordScanner(
            bufferSize: options.bufferSize, maxRecordBytes: options.maxRecordBytes)
    }

    /// Reads the header record: strips a UTF-8 BOM, skips leading blank lines, honours
    /// Excel's `sep=X` first line or detects the delimiter (',' ';' tab or '|',
    /// whichever occurs most often outside quotes in the header line; ',' on a tie) and
    /// returns the header fields as strings.
    /// Throws `.emptyDocument` when there is no header. Call it once, before `next()`.
    public func readHeader() throws(CSVError) -> [String] {
        precondition(!started, "CSVReader.readHeader() must be the first read")
        started = true
        guard let header = try readHeaderRecord() else {
            let error = CSVError(.emptyDocument, line: scanner.currentLine)
            failure = error
            throw error
        }
        return header
    }

    /// Reads the record after the header candidate as the header instead (the
    /// candidate was a title or a group heading above the real header): its
    /// delimiter is detected again from it, unless a `sep=` line set one;
    /// ``rawHeader``, ``headerLine`` and ``lineEnding`` become its own. Nil
    /// at the end of input. Call it only after ``readHeader()``, before ``next()``.
    public func readNextHeader() throws(CSVError) -> [String]? {
        if let failure { throw failure }
        scanner.restartDetection()
        return try readHeaderRecord()
    }

    /// Detects the delimiter from the next line and reads it as the header.
    private func readHeaderRecord() throws(CSVError) -> [String]? {
        do throws(CSVError) {
            while !scanner.detectDelimiter() { try refill() }
            guard try advance() else { return nil }
        } catch {
            failure = error
            throw error
        }
        let raw = scanner.rawRecord
        rawHeader = (scanner.hadBOM ? [0xEF, 0xBB, 0xBF] : []) + scanner.separatorLine + Array(raw)
        headerLine = scanner.line
        lineEnding = [CSVRecordScanner.lf]
        if raw.last == CSVRecordScanner.lf {
            let crlf = raw.count >= 2 && raw[raw.count - 2] == CSVRecordScanner.cr
            lineEnding = crlf ? [CSVRecordScanner.cr, CSVRecordScanner.lf] : [CSVRecordScanner.lf]
        } else if raw.last == CSVRecordScanner.cr {
            lineEnding = [CSVRecordScanner.cr]
        }
        return (0..<scanner.fieldCount).map { String(decoding: scanner.field($0), as: UTF8.self) }
    }

    /// Advances to the next record; false at the end of input. Blank lines (a lone "\n"
    /// or "\r\n") between records are skipped. Invalidates the previous record's bytes.
    /// Without `readHeader()` every record, the first included, is data (headerless files).
    public func next() throws(CSVError) -> Bool {
        if let failure { throw failure }
        started = true
        do throws(CSVError) {
            return try advance()
        } catch {
            failure = error
            throw error
        }
    }

    /// Number of fields in the current record (0 after `next()` returned false).
    public var fieldCount: Int { scanner.fieldCount }

    /// Field `i` (0-based, below `fieldCount`) of the current record, unescaped (quotes
    /// removed, `""` -> `"`). All fields stay valid together until the next `next()`.
    public func field(_ i: Int) -> UnsafeBufferPointer<UInt8> { scanner.field(i) }

    /// The current record's exact original bytes including its line ending (none for a
    /// last record without one), valid until the next `next()`.
    public var rawRecord: UnsafeBufferPointer<UInt8> { scanner.rawRecord }

    private func advance() throws(CSVError) -> Bool {
        scanner.beginRecord()
        while true {
            switch try scanner.scan() {
            case .record:
                return true
            case .end:
                return false
            case .needMore:
                try refill()
            }
        }
    }

    /// One read from the source into the buffer's free space.
    private func refill() throws(CSVError) {
        precondition(!scanner.atEOF, "CSVReader asked for input after the end")
        let space = try scanner.freeSpace()
        let count: Int
        switch source.readChecked(into: space) {
        case .success(let read): count = read
        case .failure(let failure): throw CSVError(.read(failure.message), line: scanner.currentLine)
        }
        if count > 0 {
            observe?(UnsafeRawBufferPointer(rebasing: space[0..<count]))
        }
        scanner.append(count: count)
    }
}
