import IntakeCore
import IntakeSystem
/// A JSON document that cannot be read as a whole: the file is rejected, not a record.
///
/// Record-level problems are not errors: an element that is not an object is reported
/// through `JSONRecordReader.recordIsObject`, and a JSON Lines line that is not valid
/// JSON through `JSONRecordReader.syntaxError`; the reader carries on after both.
public struct JSONError: CodedDocumentReadError, Equatable, Sendable {
    /// What went wrong.
    public enum Kind: Equatable, Sendable {
        /// The bytes are not JSON: `expected` says what the grammar allows there,
        /// `found` what is there instead (`'x'`, `the end of the line`).
        case syntax(expected: String, found: String)
        /// The JSON is well formed but not one of the accepted document shapes, or an
        /// envelope property has the wrong type; the text says which.
        case shape(String)
        /// Arrays and objects nest deeper than `limit` levels.
        case tooDeep(limit: Int)
        /// One record is larger than `limit` bytes.
        case recordTooLong(limit: Int)
        /// One record's flattened keys and values together exceed `limit` bytes (deeply
        /// nested objects with long keys repeat their prefix for every value).
        case flattenedRecordTooLarge(limit: Int)
        /// The bytes are not valid UTF-8 (stray byte, overlong form, surrogate, code
        /// point above U+10FFFF, or a sequence cut off).
        case invalidEncoding
        /// The document ends inside a value.
        case truncated
        /// Something other than whitespace follows the top-level value.
        case trailingData(found: String)
        /// There is no JSON value at all: the file is empty or blank.
        case empty
        /// The byte source failed; the text is the underlying error's description.
        case read(String)
    }

    /// What went wrong.
    public let kind: Kind
    /// 1-based physical line of the problem (for `record_too_long`: where the record starts).
    public let line: Int?
    /// 1-based column of the problem in bytes from the start of its line, when one applies.
    public let column: Int?

    /// Creates an error of `kind` at the 1-based `line` and, when known, byte `column`.
    public init(_ kind: Kind, line: Int?, column: Int? = nil) {
        self.kind = kind
        self.line = line
        self.column = column
    }

    /// Stable code for the result's `error.code`.
    public var code: String {
        switch kind {
        case .syntax: return "json_syntax"
        case .shape: return "json_shape"
        case .tooDeep: return "json_too_deep"
        case .recordTooLong, .flattenedRecordTooLarge: return "record_too_long"
        case .invalidEncoding: return "invalid_encoding"
        case .truncated: return "json_truncated"
        case .trailingData: return "json_trailing_data"
        case .empty: return "empty"
        case .read: return "read"
        }
    }

    /// One line for a person: where, what is wrong, and what to do about it.
    public var message: String { location + detail }

    /// The same as `message`.
    public var description: String { message }

    private var location: String {
        switch (line, column) {
        case (let line?, let column?): return "line \(line), column \(column): "
        case (let line?, nil): return "line \(line): "
        default: return ""
        }
    }

    private var detail: String {
        switch kind {
        case .syntax(let expected, let found):
            return "expected \(expected), found \(found); fix the JSON at this position"
        case .shape(let text):
            return text
        case .tooDeep(let limit):
            return "arrays and objects nest more than \(limit) levels deep;"
                + " flatten the data (records are read \(limit) levels deep at most)"
        case .recordTooLong(let limit):
            return "a record starting here is longer than \(limit) bytes;"
                + " look for a missing closing bracket or split the record"
        case .flattenedRecordTooLarge(let limit):
            return "a record starting here flattens to more than \(limit) bytes of keys"
                + " and values; nest it less deeply or use shorter keys"
        case .invalidEncoding:
            return "the file is not valid UTF-8 here; re-export it as UTF-8, or set the"
                + " workspace's `encoding` in intake.json to the file's encoding"
        case .truncated:
            return "the file ends before the JSON is complete; was the upload cut off?"
        case .trailingData(let found):
            return "found \(found) after the end of the JSON value; a file holds one value"
                + " (use a .jsonl file for one record per line)"
        case .empty:
            return "the file holds no JSON value (it is empty or blank); export it again"
        case .read(let text):
            return "reading the file failed (\(text)); check the file is readable and retry"
        }
    }
}
