/// A JSON value with its members in the order given: what Intake's outbox files,
/// catalogue columns and `--json` outputs are made of. ``JSONWriter`` turns it into text.
package indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    /// A number already written as JSON (`10.50`, `-3`): kept exactly, digits and all.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in the order given (the outbox files keep their keys sorted by hand).
    case object([(String, JSONValue)])
    /// JSON text that ``JSONWriter`` wrote before (stored in the catalogue), inserted as it is.
    case written(String)
    /// In an object: the member is left out (an optional key that has no value).
    case absent

    /// `value` as a string, or `null`.
    package static func nullable(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
    /// `value` as a number, or `null`.
    package static func nullable(_ value: Int?) -> JSONValue { value.map(JSONValue.int) ?? .null }
    /// `value` as a number, or `null`.
    package static func nullable(_ value: Int64?) -> JSONValue { value.map { .number(String($0)) } ?? .null }
    /// `value` as true/false, or `null`.
    package static func nullable(_ value: Bool?) -> JSONValue { value.map(JSONValue.bool) ?? .null }
    /// An array of strings.
    package static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }

    /// Whether it is a string.
    package var isString: Bool { if case .string = self { true } else { false } }

    package static func == (left: JSONValue, right: JSONValue) -> Bool {
        JSONWriter.text(left) == JSONWriter.text(right)
    }
}
