import IntakeCore
import IntakeSystem
/// The record being handed out: its fields and where it is in the document.
///
/// Stored properties are `@exclusivity(unchecked)`: the object is confined to one
/// reader on one thread (not Sendable) and no access to a property overlaps another
/// access to the same property; the dynamic checks cost 5× the throughput here.
final class XMLCurrentRecord {
    /// Keys and values.
    let fields = XMLFieldTable()
    /// Absolute offsets of the record's first byte (`<`) and one past its last (`>`).
    @exclusivity(unchecked) var rawStart = 0
    @exclusivity(unchecked) var rawEnd = 0
    /// 1-based line of the record's start tag.
    @exclusivity(unchecked) var line = 1
    /// 0-based pain.001 payment block; 0 for the flat form.
    @exclusivity(unchecked) var group = 0
    /// 1-based position: within its payment block (pain.001) or the document (flat).
    @exclusivity(unchecked) var index = 0
    /// The payment id derived for a pain.001 transaction without one, else nil.
    @exclusivity(unchecked) var derivedID: String?
}

@available(*, unavailable)
extension XMLCurrentRecord: Sendable {}

/// Turns the tokens of one document form into records.
protocol XMLRecordAssembler: AnyObject {
    /// A start tag (the element is already pushed: `scanner.depth` is its depth).
    func start(_ scanner: XMLScanner, _ record: XMLCurrentRecord) throws(XMLError)
    /// An end tag (already popped: the element's depth is `scanner.depth + 1`);
    /// true when it completed a record.
    func end(_ scanner: XMLScanner, _ record: XMLCurrentRecord) throws(XMLError) -> Bool
    /// A piece of character data.
    func text(_ scanner: XMLScanner)
    /// The document ended well-formed: run the document checks.
    func finish(_ scanner: XMLScanner) throws(XMLError)
}
