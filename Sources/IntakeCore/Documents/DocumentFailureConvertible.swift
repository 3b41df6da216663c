import IntakeSystem
/// A reader's error that knows which document failure it is (a reader whose
/// errors are not ``DocumentReadError``s, such as ``CSVError``).
package protocol DocumentFailureConvertible: Error {
    /// The job's document failure for this error.
    ///
    /// - Throws: a ``SystemError`` when the error is a failed read: a fault of
    ///   the machine, retried, not a fault of the document.
    func documentFailure() throws(SystemError) -> DocumentFailure
}
