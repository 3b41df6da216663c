import IntakeCore
import IntakeSystem
/// An XML document that cannot be read as a whole: the file fails, not a row.
///
/// Row-level problems (an amount that is not a number, a missing IBAN) are not
/// errors here; the validators report them per record. After a reader throws one
/// of these, every later call throws the same value.
public struct XMLError: CodedDocumentReadError, Equatable, Sendable {
    /// What went wrong; each kind has a stable ``code``.
    public enum Kind: Equatable, Sendable {
        /// Not well-formed XML (`xml_syntax`): a mismatched end tag, two roots, text after the root…
        case syntax
        /// The file ends before the root element is closed (`xml_truncated`).
        case truncated
        /// The document has a `<!DOCTYPE` (`xml_dtd_refused`); DTDs are never read.
        case dtdRefused
        /// An entity reference other than the five predefined ones (`xml_entity_refused`).
        case entityRefused
        /// Elements nested deeper than the reader's `maxDepth` (`xml_too_deep`).
        case tooDeep
        /// The root element is neither a pain.001 `Document` nor `records` (`xml_root`).
        case root
        /// A declared `NbOfTxs` differs from the transactions counted (`xml_count_mismatch`).
        case countMismatch
        /// A declared `CtrlSum` differs from the exact sum of the amounts (`xml_sum_mismatch`).
        case sumMismatch
        /// One record (or header block) is larger than `maxRecordBytes`, or a flat record
        /// flattens to more than 4 × `maxRecordBytes` + 4 KiB of keys and values (`record_too_long`).
        case recordTooLong
        /// The bytes are not valid UTF-8 or hold a control character (`invalid_encoding`).
        case invalidEncoding
        /// The file holds nothing but whitespace (`empty`).
        case empty
        /// The byte source failed (`read`).
        case read
    }

    /// What went wrong.
    public let kind: Kind
    /// What is wrong and what to do about it, for a person.
    public let message: String
    /// 1-based line of the problem, when one applies.
    public let line: Int?

    /// Creates an error of `kind` with a message and, when known, a 1-based line.
    public init(_ kind: Kind, _ message: String, line: Int?) {
        self.kind = kind
        self.message = message
        self.line = line
    }

    /// Stable code for the result's `error.code`.
    public var code: String {
        switch kind {
        case .syntax: return "xml_syntax"
        case .truncated: return "xml_truncated"
        case .dtdRefused: return "xml_dtd_refused"
        case .entityRefused: return "xml_entity_refused"
        case .tooDeep: return "xml_too_deep"
        case .root: return "xml_root"
        case .countMismatch: return "xml_count_mismatch"
        case .sumMismatch: return "xml_sum_mismatch"
        case .recordTooLong: return "record_too_long"
        case .invalidEncoding: return "invalid_encoding"
        case .empty: return "empty"
        case .read: return "read"
        }
    }

    /// One line: the line number when known, then the message.
    public var description: String {
        if let line { return "line \(line): \(message)" }
        return message
    }
}
