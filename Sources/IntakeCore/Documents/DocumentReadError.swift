import IntakeSystem

/// What a reader throws when a whole document cannot be read (`FAILED`): bad syntax, a
/// refused DTD, a truncated file, invalid UTF-8. The one shape of reader error the
/// engine sees: it asks each for its ``DocumentFailure``, the result's `error`.
public protocol DocumentReadError: Error, CustomStringConvertible {
    /// The job's document failure for this error.
    ///
    /// - Throws: a ``SystemError`` when the error is a failed read: a fault of the
    ///   machine, retried, not a fault of the document.
    func documentFailure() throws(SystemError) -> DocumentFailure
}

/// A document error that carries its result code, message and line as they are
/// (JSON, XML, XLSX); the code `read` marks a failed read.
public protocol CodedDocumentReadError: DocumentReadError {
    /// Stable code for the result's `error.code` (`json_syntax`, `xml_dtd_refused`, …).
    var code: String { get }
    /// What is wrong and what to do about it, for a person.
    var message: String { get }
    /// 1-based line of the problem in the document, when one applies.
    var line: Int? { get }
}

extension CodedDocumentReadError {
    /// The failure with this error's code, message and line; a failed read throws.
    public func documentFailure() throws(SystemError) -> DocumentFailure {
        guard code != "read" else { throw SystemError.readFailed("read", path: message) }
        return DocumentFailure(code, message, line: line)
    }
}

extension DocumentFailure: DocumentReadError {
    /// A handler that already knows the failure throws it as it is.
    public func documentFailure() -> DocumentFailure { self }
}
