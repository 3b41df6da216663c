import IntakeCore
import IntakeSystem
/// A CSV document that cannot be read as a whole: the file is rejected, not a row.
///
/// Row-level problems (text after a closing quote) are not errors; they are reported
/// through `CSVReader.malformedField` and the reader carries on.
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Equatable, Sendable {
        /// The bytes are not valid UTF-8 (stray byte, overlong form, surrogate,
        /// code point above U+10FFFF, or a sequence cut off by the end of the file).
        case invalidUTF8
        /// A quoted field is still open at the end of the file.
        case unterminatedQuote
        /// One record (including its line ending) is larger than `limit` bytes.
        case recordTooLong(limit: Int)
        /// There is no header record: the file is empty or holds only a BOM and blank lines.
        case emptyDocument
        /// The byte source failed; the text is the underlying error's description.
        case read(String)
    }

    /// What went wrong.
    public let kind: Kind
    /// 1-based physical line of the problem; for `unterminatedQuote` the line where
    /// the quoted field started, for `recordTooLong` the line where the record started.
    public let line: Int

    /// Creates an error of `kind` at the 1-based physical `line`.
    public init(_ kind: Kind, line: Int) {
        self.kind = kind
        self.line = line
    }

    /// One line for a person: what is wrong, where, and what to do about it.
    public var description: String {
        switch kind {
        case .invalidUTF8:
            return "line \(line): the file is not valid UTF-8 here;"
                + " re-export it with UTF-8 encoding (not Latin-1 or Windows-1252)"
        case .unterminatedQuote:
            return "line \(line): a quoted field starts here and is never closed;"
                + " close the quote (\") or escape inner quotes as \"\""
        case .recordTooLong(let limit):
            return "line \(line): a record starting here is longer than \(limit) bytes;"
                + " look for a missing closing quote (\") or split the record"
        case .emptyDocument:
            return "line \(line): the file has no header row (it is empty or blank);"
                + " export it again with a header line"
        case .read(let message):
            return "line \(line): reading the file failed (\(message));"
                + " check the file is readable and retry"
        }
    }
}
