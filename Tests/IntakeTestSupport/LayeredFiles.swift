import Foundation

/// Layered drops made by the real tools customers use: `gzip` and `zip`, in a
/// scratch folder removed when the value goes away.
package final class LayeredFiles {
    package let folder: String

    package init() throws {
        folder = FileManager.default.temporaryDirectory.path + "/intake-layers-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// Writes `bytes` as `name` in the scratch folder; returns its path.
    @discardableResult
    package func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = folder + "/" + name
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try ClosedOnExec.write(bytes, to: path)
        return path
    }

    package func read(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
    }

    /// `gzip -n` of `bytes` (as a file named `name`): the `.gz` file's bytes.
    package func gzip(_ name: String, _ bytes: [UInt8]) throws -> [UInt8] {
        try write(name, bytes)
        try SystemTools.command("/usr/bin/gzip", ["-n", "-f", name], in: folder)
        return try read(name + ".gz")
    }

    /// `zip -q` of the files `entries` (name and bytes; names may hold folders) into `archive`: its bytes.
    package func zip(_ archive: String, _ entries: [(name: String, bytes: [UInt8])], flags: [String] = []) throws -> [UInt8] {
        for entry in entries { try write(entry.name, entry.bytes) }
        try SystemTools.command("/usr/bin/zip", ["-q"] + flags + [archive] + entries.map(\.name), in: folder)
        return try read(archive)
    }

    /// `bytes` with every occurrence of `old` replaced by `new` (the same length): a crafted archive.
    package static func replacing(_ old: String, with new: String, in bytes: [UInt8]) -> [UInt8] {
        precondition(old.utf8.count == new.utf8.count, "a crafted name keeps its length")
        let from = Array(old.utf8), to = Array(new.utf8)
        var out = bytes
        var index = 0
        while index + from.count <= out.count {
            if Array(out[index..<(index + from.count)]) == from {
                out.replaceSubrange(index..<(index + from.count), with: to)
                index += from.count
            } else {
                index += 1
            }
        }
        return out
    }
}
