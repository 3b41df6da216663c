/// The document itself cannot be imported (`FAILED`): nothing is stored.
public struct DocumentFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The result's `error` object.
    public let error: JobError

    /// A failure with its code, message, line and HTTP status.
    public init(_ code: String, _ message: String, line: Int? = nil, errorCode: Int = 422) {
        error = JobError(code: code, message: message, line: line, errorCode: errorCode)
    }

    public var description: String {
        (error.line.map { "line \($0): " } ?? "") + error.message
    }
}
