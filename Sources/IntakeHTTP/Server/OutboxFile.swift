import IntakeSystem

/// One of a job's outbox files, found by the job's id (already checked
/// against the catalogue) and one of four fixed names: nothing a client sends
/// becomes part of a path.
struct OutboxFile {
    let path: String
    let fileName: String
    let size: Int64
    let contentType: String

    /// The names a client may ask for.
    static let names = ["result.json", "errors.csv", "rejected", "report.html"]

    /// `JOB.NAME` in `folder` (`JOB.rejected.EXT` for `rejected`), or its
    /// `.pgp` form; nil when the name is not one of ``names`` or no such file is there.
    static func find(job: String, name: String, in folder: String) -> OutboxFile? {
        guard names.contains(name) else { return nil }
        var candidates: [String] = []
        if name == "rejected" {
            let prefix = job + ".rejected."
            candidates = ((try? FileSystem.list(folder)) ?? []).filter { $0.hasPrefix(prefix) }.sorted()
        } else {
            candidates = [job + "." + name, job + "." + name + ".pgp"]
        }
        for candidate in candidates {
            guard let status = try? FileStatus.of(folder + "/" + candidate), status.kind == .regular else { continue }
            return OutboxFile(path: folder + "/" + candidate, fileName: candidate, size: status.size, contentType: contentType(candidate))
        }
        return nil
    }

    static func contentType(_ name: String) -> String {
        let lower = name.lowercased()
        if lower.hasSuffix(".pgp") || lower.hasSuffix(".gpg") { return "application/pgp-encrypted" }
        if lower.hasSuffix(".json") { return "application/json" }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") || lower.hasSuffix(".txt") { return "text/csv; charset=utf-8" }
        if lower.hasSuffix(".html") { return "text/html; charset=utf-8" }
        if lower.hasSuffix(".xml") { return "application/xml" }
        return "application/octet-stream"
    }
}
