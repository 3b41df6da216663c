import Foundation

/// A JSON Schema (draft 2020-12) evaluator for the keywords Intake's corridor
/// schemas use, so the tests need no Python: `type` (object, string),
/// `required`, `properties`, `const`, `enum`, `pattern`, `minLength`,
/// `maxLength`, `anyOf`, and the annotations. Any other keyword is reported,
/// so a schema that grows one fails until this learns it (the full check,
/// `jsonschema`'s meta-schema validation, is tests/standards/check_corridor_schema.py).
package enum JSONSchemaSubset {
    package static let annotations: Set<String> = ["$schema", "$id", "title", "description"]
    package static let assertions: Set<String> = ["type", "required", "properties", "const", "enum", "pattern", "minLength", "maxLength", "anyOf"]

    /// Keywords of `schema` (at any depth) this evaluator does not know.
    package static func unknownKeywords(_ schema: [String: Any]) -> [String] {
        var out = schema.keys.filter { !annotations.contains($0) && !assertions.contains($0) }
        if let properties = schema["properties"] as? [String: Any] {
            for case let sub as [String: Any] in properties.values { out += unknownKeywords(sub) }
        }
        for case let sub as [String: Any] in schema["anyOf"] as? [Any] ?? [] { out += unknownKeywords(sub) }
        return out
    }

    /// Why `value` does not match `schema` (JSON paths), empty when it does.
    package static func problems(_ value: Any, _ schema: [String: Any], path: String = "$") -> [String] {
        var out: [String] = []
        if let type = schema["type"] as? String {
            let matches = type == "object" ? value is [String: Any] : type == "string" ? value is String : false
            if !matches { return ["\(path): not of type \(type)"] }
        }
        if let constant = schema["const"] as? String, value as? String != constant { out.append("\(path): not \(constant)") }
        if let options = schema["enum"] as? [String], !options.contains(value as? String ?? "\u{0}") { out.append("\(path): not one of \(options)") }
        if let text = value as? String {
            let length = text.unicodeScalars.count
            if let least = schema["minLength"] as? Int, length < least { out.append("\(path): shorter than \(least)") }
            if let most = schema["maxLength"] as? Int, length > most { out.append("\(path): longer than \(most)") }
            if let pattern = schema["pattern"] as? String {
                let matched = (try? NSRegularExpression(pattern: pattern))
                    .map { $0.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil }
                if matched != true { out.append("\(path): does not match \(pattern)") }
            }
        }
        if let object = value as? [String: Any] {
            for case let name as String in schema["required"] as? [Any] ?? [] where object[name] == nil {
                out.append("\(path): lacks \(name)")
            }
            for (name, sub) in schema["properties"] as? [String: Any] ?? [:] {
                if let member = object[name], let sub = sub as? [String: Any] { out += problems(member, sub, path: path + "." + name) }
            }
        }
        if let branches = schema["anyOf"] as? [[String: Any]],
           !branches.contains(where: { problems(value, $0, path: path).isEmpty }) {
            out.append("\(path): matches none of anyOf")
        }
        return out
    }
}
