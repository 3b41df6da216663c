import IntakeCore
import IntakeSystem

/// Turning what a reader threw into the job's document failure.
extension JobRunner {
    /// The document failure for `error` thrown while reading a document: a NUL
    /// byte or a decoding failure the source saw first, then the reader's own
    /// error, explained when it contradicts a detected encoding. Other errors pass through.
    package static func failure(_ error: any Error, input: DocumentInput) throws -> DocumentFailure {
        // A layer's refusal first: the reader above it told it as its own read error.
        if let refusal = input.layers?.verdict() { return refusal }
        return try failure(error, observer: input.observer, choice: input.encoding)
    }

    /// ``failure(_:input:)`` for a plain document read with `observer` and `choice`.
    package static func failure(_ error: any Error, observer: ReadObserver, choice: EncodingChoice) throws -> DocumentFailure {
        if let nul = observer.nulFailure { return nul }
        if let decoding = choice.failure { return decoding }
        return choice.explain(try failure(error))
    }

    /// Turns a reader's error into a document failure; passes other errors through.
    package static func failure(_ error: any Error) throws -> DocumentFailure {
        guard let read = error as? any DocumentReadError else { throw error }
        return try read.documentFailure()
    }
}
