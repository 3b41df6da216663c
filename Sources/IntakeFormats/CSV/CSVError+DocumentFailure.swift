import IntakeSystem
import IntakeCore

extension CSVError: DocumentReadError {
    /// The job's document failure: `invalid_encoding`, `csv_unterminated_quote`,
    /// `record_too_long` or `empty` (line 1), each with its line.
    ///
    /// - Throws: a ``SystemError`` (`EIO`) when the source could not be read.
    public func documentFailure() throws(SystemError) -> DocumentFailure {
        switch kind {
        case .invalidUTF8:
            return DocumentFailure("invalid_encoding", description, line: line)
        case .unterminatedQuote:
            return DocumentFailure("csv_unterminated_quote", description, line: line)
        case .recordTooLong:
            return DocumentFailure("record_too_long", description, line: line)
        case .emptyDocument:
            return DocumentFailure("empty", "the file has no header line; export it again", line: 1)
        case .read(let message):
            throw SystemError.readFailed("read", path: message)
        }
    }
}
