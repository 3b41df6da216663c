import Synchronization

/// How a document's encoding was chosen, shared by the thread that reads it and
/// the thread that writes its rejected file: decided once (at the first bytes,
/// or at the first non-ASCII character), never changed afterwards.
package final class EncodingChoice: Sendable {
    private struct State {
        package var chosen: DocumentEncoding?
        package var reason = ""
        package var failure: DocumentFailure?
    }

    /// The workspace's setting.
    package let configured: TextEncoding
    private let state = Mutex(State())

    /// A choice for a document of a workspace set to `configured`.
    package init(configured: TextEncoding) {
        self.configured = configured
    }

    /// The encoding chosen so far: the configured one while the document has
    /// been ASCII (the same bytes in every encoding Intake reads).
    package var current: DocumentEncoding {
        state.withLock { $0.chosen } ?? DocumentEncoding(configured)
    }

    /// Whether the document was read in an encoding other than the configured
    /// one because of what its bytes said.
    package var overridden: Bool {
        state.withLock { state in state.chosen.map { $0 != DocumentEncoding(configured) } ?? false }
    }

    /// Records the choice and why it was made (`a UTF-8 byte order mark`).
    package func choose(_ encoding: DocumentEncoding, because reason: String) {
        state.withLock { state in
            guard state.chosen == nil else { return }
            state.chosen = encoding
            state.reason = reason
        }
    }

    /// Why the encoding was chosen, or "" when nothing was detected.
    package var reason: String { state.withLock { $0.reason } }

    /// A failure of the decoding itself (a lone UTF-16 surrogate, a cut-off
    /// character), for the engine to report instead of the reader's wrapped error.
    package var failure: DocumentFailure? {
        get { state.withLock { $0.failure } }
    }

    /// Records a decoding failure (the first one wins).
    package func fail(_ failure: DocumentFailure) {
        state.withLock { state in
            if state.failure == nil { state.failure = failure }
        }
    }

    /// The document warning `encoding_detected`, when the encoding read is not the configured one.
    package var warning: RowIssue? {
        guard overridden else { return nil }
        let encoding = current
        return RowIssue(Issue(
            "encoding_detected", field: "",
            description: "the document was read as \(encoding.name), not the workspace's \(DocumentEncoding(configured).name): \(reason)",
            severity: .warning))
    }

    /// `failure` explained when the bytes contradict an encoding that was
    /// detected rather than configured: the file mixes two encodings.
    package func explain(_ failure: DocumentFailure) -> DocumentFailure {
        guard failure.error.code == "invalid_encoding", overridden, current == .utf8 else { return failure }
        let at = failure.error.line.map { "line \($0)" } ?? "a later byte"
        return DocumentFailure(
            "invalid_encoding",
            "the file was read as UTF-8 (\(reason)), but \(at) holds bytes that are not UTF-8: the file mixes two encodings; export it again in one encoding (UTF-8, or \(configured.rawValue) as the workspace is set)",
            line: failure.error.line)
    }
}
