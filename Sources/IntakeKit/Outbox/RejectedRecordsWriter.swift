/// Writes a job's failed records in the document's own format
/// (`JOB.rejected.EXT`, spec section 6), so a person can fix them and drop the
/// file again. Created on the first failed record; records arrive in document order.
public protocol RejectedRecordsWriter: AnyObject {
    /// Adds one failed record: its original bytes and its ``FlatRecordReader/group``.
    func add(raw: UnsafeBufferPointer<UInt8>, group: Int) throws(SystemError)
    /// Completes the file under its final name. Called once, after the whole
    /// document was read.
    func commit() throws(SystemError)
}
