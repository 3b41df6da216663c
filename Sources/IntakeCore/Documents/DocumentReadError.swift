/// A problem that ends a whole document (`FAILED`): bad syntax, a refused DTD,
/// a truncated file. The engine turns it into the result's `error`.
public protocol DocumentReadError: Error, CustomStringConvertible {
    /// Stable code for the result's `error.code` (`json_syntax`, `xml_dtd_refused`, …).
    var code: String { get }
    /// What is wrong and what to do about it, for a person.
    var message: String { get }
    /// 1-based line of the problem in the document, when one applies.
    var line: Int? { get }
}
