import IntakeCore

extension ConfigurationJSON {
    /// The text of `bytes` (this tree's file) with `hash` appended to
    /// `admin_tokens` (no `workspace`) or `workspaces.W.api_tokens`, the key
    /// made when missing; every other byte is kept. Nil when the file has no
    /// such object.
    package func addingToken(_ hash: String, workspace: String?, to bytes: [UInt8]) -> [UInt8]? {
        guard case .object(var members) = value else { return nil }
        var object = self
        if let workspace {
            guard let workspaces = members.first(where: { $0.key == "workspaces" })?.value,
                  case .object(let list) = workspaces.value,
                  let found = list.first(where: { $0.key == workspace })?.value,
                  case .object(let inner) = found.value else { return nil }
            object = found
            members = inner
        }
        let key = workspace == nil ? "admin_tokens" : "api_tokens"
        let item = "\"" + hash + "\""
        var at: Int
        var text: String
        if let existing = members.first(where: { $0.key == key })?.value {
            guard case .array(let items) = existing.value else { return nil }
            if let last = items.last {
                at = last.end
                text = ", " + item
            } else {
                at = existing.start + 1
                text = item
            }
        } else if let first = members.first, let last = members.last {
            at = last.value.end
            let sameLine = !bytes[object.start..<first.keyStart].contains(0x0A)
            let indent = sameLine ? " " : "\n" + ConfigurationJSON.indent(ofLineAt: first.keyStart, in: bytes)
            text = "," + indent + "\"" + key + "\": [" + item + "]"
        } else {
            at = object.start + 1
            text = "\"" + key + "\": [" + item + "]"
        }
        var out = Array(bytes[..<at])
        out += Array(text.utf8)
        out += bytes[at...]
        return out
    }
}
