import IntakeCore
import IntakeEngine
import IntakeSystem

/// Documents posted with `POST /api/v1/documents`, kept as
/// `uploads/WORKSPACE/DOC__NAME` until an import uses them (moved into the
/// inbox) or for 24 hours. `DOC` is `doc-` and 16 random hex digits, checked
/// before any path is built.
struct Uploads {
    let root: Root
    let workspace: String

    /// How long an unused document is kept.
    static let keptMilliseconds: Int64 = 24 * 3600 * 1000

    var folder: String { root.path + "/uploads/" + workspace }

    /// A posted document's path and name.
    struct Upload {
        let path: String
        let name: String
    }

    /// Keeps the request's body as a new document (moving the file a large
    /// body was kept in); returns its id and size. Documents older than a day go first.
    func add(name: String, request: HTTPRequest) throws -> (id: String, bytes: Int64) {
        try FileSystem.createDirectories(folder)
        removeExpired()
        var generator = SystemRandomNumberGenerator()
        let id = "doc-" + String(format16: generator.next())
        let path = folder + "/" + id + "__" + name
        if let kept = request.bodyFile {
            try FileSystem.renameNoReplace(kept, to: path)
            try FileSystem.syncDirectory(folder)
            return (id, try FileStatus.of(path).size)
        }
        let file = try BufferedFile(path: path, mode: 0o640)
        try request.body.withUnsafeBufferPointer { try file.write($0) }
        try file.commit()
        return (id, Int64(request.body.count))
    }

    /// The document `id`, nil when `id` is no document id or none is kept under it.
    func find(_ id: String) -> Upload? {
        guard Uploads.isValidID(id), let names = try? FileSystem.list(folder) else { return nil }
        guard let stored = names.first(where: { $0.hasPrefix(id + "__") }) else { return nil }
        return Upload(path: folder + "/" + stored, name: String(stored.dropFirst(id.count + 2)))
    }

    private func removeExpired() {
        let now = WallClock.milliseconds()
        for name in (try? FileSystem.list(folder)) ?? [] where name.hasPrefix("doc-") {
            guard let status = try? FileStatus.of(folder + "/" + name),
                  now - status.modifiedNanos / 1_000_000 > Uploads.keptMilliseconds else { continue }
            try? FileSystem.removeFile(folder + "/" + name)
        }
    }

    static func isValidID(_ id: String) -> Bool {
        let hex = id.utf8.dropFirst(4)
        return id.hasPrefix("doc-") && hex.count == 16 && hex.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    /// A name a document may have: one path component, not hidden or temporary, at most 200 bytes.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 200 && !name.contains("/") && !name.contains("\0") && name != ".."
            && !DropName.isIgnored(name) && name.contains(".")
    }
}

extension String {
    /// `value` as 16 lowercase hex digits.
    fileprivate init(format16 value: UInt64) {
        let hex = String(value, radix: 16)
        self = String(repeating: "0", count: 16 - hex.count) + hex
    }
}
