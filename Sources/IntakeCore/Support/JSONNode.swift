/// A JSON value with its members in the order given, rendered pretty.
package indirect enum JSONNode: Sendable {
    /// Members in the order given (a schema reads best in its own order).
    case object([(String, JSONNode)])
    case array([JSONNode])
    case string(String)
    case int(Int)

    /// An array of strings.
    package static func strings(_ values: [String]) -> JSONNode { .array(values.map(JSONNode.string)) }

    /// The value as JSON text, two spaces per level; arrays of strings on one line.
    package func rendered(indent: String) -> String {
        let inner = indent + "  "
        switch self {
        case .string(let text): return JSONText.quoted(text)
        case .int(let value): return String(value)
        case .array(let items):
            if items.allSatisfy({ if case .string = $0 { true } else { false } }) {
                return "[" + items.map { $0.rendered(indent: inner) }.joined(separator: ", ") + "]"
            }
            return "[\n" + items.map { inner + $0.rendered(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let members):
            return "{\n" + members.map { inner + JSONText.quoted($0.0) + ": " + $0.1.rendered(indent: inner) }.joined(separator: ",\n")
                + "\n" + indent + "}"
        }
    }
}
