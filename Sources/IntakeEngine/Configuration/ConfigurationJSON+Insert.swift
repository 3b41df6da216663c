import IntakeCore
import IntakeSystem

extension ConfigurationJSON {
    /// The text of `bytes` (this tree's file) with `entries` (`"id": {…}`, one
    /// per new workspace) added at the end of the top-level `workspaces`
    /// object, laid out like its existing entries: every other byte of the
    /// file is kept as it was. Nil when the file has no `workspaces` object.
    package func addingWorkspaces(_ entries: [String], to bytes: [UInt8]) -> [UInt8]? {
        guard !entries.isEmpty else { return bytes }
        guard case .object(let top) = value,
              let workspaces = top.first(where: { $0.key == "workspaces" }),
              case .object(let members) = workspaces.value.value
        else { return nil }
        let outer = ConfigurationJSON.indent(ofLineAt: workspaces.keyStart, in: bytes)
        var text: String
        var at: Int
        if let first = members.first, let last = members.last {
            at = last.value.end
            let sameLine = !bytes[workspaces.value.start..<first.keyStart].contains(0x0A)
            if sameLine {
                text = entries.map { ", " + $0 }.joined()
            } else {
                let inner = ConfigurationJSON.indent(ofLineAt: first.keyStart, in: bytes)
                text = entries.map { ",\n" + inner + $0 }.joined()
            }
        } else {
            at = workspaces.value.start + 1
            text = entries.map { "\n" + outer + "  " + $0 }.joined(separator: ",") + "\n" + outer
        }
        var out = Array(bytes[..<at])
        out += Array(text.utf8)
        out += bytes[at...]
        return out
    }

    /// The spaces and tabs that start the line holding `offset`.
    static func indent(ofLineAt offset: Int, in bytes: [UInt8]) -> String {
        var start = offset
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        var end = start
        while end < offset, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
