/// The most records a document may hold, and the failure of one that holds
/// more (Trustpair's inline cap on a request body).
struct RecordLimit {
    /// The most records.
    let count: Int
    /// What fails the document at the record after the last one allowed.
    let failure: DocumentFailure
}
