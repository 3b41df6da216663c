import Glibc

/// Turning what a reader threw into the job's document failure.
extension JobRunner {
    /// The document failure for `error` thrown while reading a document: a NUL
    /// byte or a decoding failure the source saw first, then the reader's own
    /// error, explained when it contradicts a detected encoding. Other errors pass through.
    static func failure(_ error: any Error, observer: ReadObserver, choice: EncodingChoice) throws -> DocumentFailure {
        if let nul = observer.nulFailure { return nul }
        if let decoding = choice.failure { return decoding }
        return choice.explain(try failure(error))
    }

    /// Turns a parser error into a document failure; passes other errors through.
    static func failure(_ error: any Error) throws -> DocumentFailure {
        if let failure = error as? DocumentFailure { return failure }
        if let read = error as? any DocumentReadError {
            guard read.code != "read" else { throw SystemError("read", path: read.message, code: EIO) }
            return DocumentFailure(read.code, read.message, line: read.line)
        }
        guard let csv = error as? CSVError else { throw error }
        switch csv.kind {
        case .invalidUTF8:
            return DocumentFailure("invalid_encoding", csv.description, line: csv.line)
        case .unterminatedQuote:
            return DocumentFailure("csv_unterminated_quote", csv.description, line: csv.line)
        case .recordTooLong:
            return DocumentFailure("record_too_long", csv.description, line: csv.line)
        case .emptyDocument:
            return DocumentFailure("empty", "the file has no header line; export it again", line: 1)
        case .read(let message):
            throw SystemError("read", path: message, code: EIO)
        }
    }
}
