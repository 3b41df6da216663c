/// A document's records one at a time, seen through the type's schema: what
/// the parsing thread reads, whatever the format.
package protocol RecordCursor: RowFields {
    /// Moves to the next record; false at the end of a complete document.
    func next() throws -> Bool
    /// Problems of the record's shape (field count, a JSON value of the wrong
    /// type, a duplicate key): the row fails without the field rules.
    func shapeIssues(into issues: inout [Issue])
    /// Whether the record's shape is so broken that its fields are not checked.
    var failsWhole: Bool { get }
    /// The 1-based line reported for the row (CSV and JSON Lines), else nil.
    var reportedLine: Int? { get }
    /// Where the row is, when a line is not enough: `$[3]`, an XML element path.
    var position: String? { get }
    /// The row's group for the rejected file (a pain.001 payment block).
    var group: Int { get }
    /// The record's bytes as in the document, for the rejected file.
    var raw: UnsafeBufferPointer<UInt8> { get }
    /// Bytes of the document read so far.
    var bytesRead: Int64 { get }
}
