/// The most records a document may hold, and the failure of one that holds
/// more (Trustpair's inline cap on a request body).
package struct RecordLimit {
    /// The most records.
    package let count: Int
    /// What fails the document at the record after the last one allowed.
    package let failure: DocumentFailure

    /// At most `count` records, else `failure`.
    package init(count: Int, failure: DocumentFailure) {
        self.count = count
        self.failure = failure
    }
}
