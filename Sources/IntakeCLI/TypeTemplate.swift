import IntakeCore
import IntakeEngine
import IntakeSystem

/// Empty documents of a type for people writing an export: the CSV header
/// line of its columns, or a JSON record with every field (nested fields as
/// nested objects), values empty.
enum TypeTemplate {
    /// The type's columns in schema order, comma-separated (`bank_details.account_number` dotted).
    static func csvHeader(_ type: ImportType) -> String {
        type.schema.fields.filter { $0.kind != .extra }.map { CSVCell.escape($0.name) }.joined(separator: ",")
    }

    /// One record as pretty JSON with every field, dotted names nested, values `""`.
    static func jsonSkeleton(_ type: ImportType) -> String {
        var root = Node()
        for field in type.schema.fields where field.kind != .extra { root.insert(field.name.split(separator: ".").map(String.init)) }
        return JSONWriter.pretty(root.value, layout: .document)
    }

    private struct Node {
        var keys: [String] = []
        var children: [String: Node] = [:]

        mutating func insert(_ path: [String]) {
            guard let head = path.first else { return }
            if children[head] == nil {
                keys.append(head)
                children[head] = Node()
            }
            children[head]?.insert(Array(path.dropFirst()))
        }

        /// An object of the children, `""` for a leaf.
        var value: JSONValue {
            keys.isEmpty ? .string("") : .object(keys.map { ($0, (children[$0] ?? Node()).value) })
        }
    }
}
