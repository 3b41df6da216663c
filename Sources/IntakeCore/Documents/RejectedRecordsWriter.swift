import IntakeSystem
/// Writes a job's failed records in the document's own format
/// (`JOB.rejected.EXT`, spec section 6), so a person can fix them and drop the
/// file again. Created on the first failed record; records arrive in document order.
public protocol RejectedRecordsWriter: AnyObject {
    /// Adds one failed record: its original bytes and its ``FlatRecordReader/group``.
    func add(raw: UnsafeBufferPointer<UInt8>, group: Int) throws(SystemError)
    /// Completes the file under its final name. Called once, after the whole
    /// document was read.
    func commit() throws(SystemError)
    /// Where `field` of the failed record on `line` is in the document, when
    /// the format can say it more precisely than the row's line or position
    /// (a workbook's cell, `C17`): the errors CSV's `path`. Nil by default.
    func cell(field: String, line: Int) -> String?
}

extension RejectedRecordsWriter {
    public func cell(field: String, line: Int) -> String? { nil }
}
