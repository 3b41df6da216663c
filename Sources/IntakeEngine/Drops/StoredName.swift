import IntakeCore
import IntakeSystem

/// The names a drop's file takes in `work/` (`JOB__TYPE__NAME`), `archive/`
/// and `failed/` (`JOB__NAME`), fitted to a file name's 255 bytes: a name that
/// fits in the inbox must fit there too. Too long a name keeps its start and
/// its extension with `~` and 8 hex digits of its SHA-256 between; the whole
/// name stays in the catalogue and the result.
public enum StoredName {
    /// The most bytes a file name may have (Linux `NAME_MAX`).
    public static let limit = 255

    /// `prefix + name` with a nested drop's `/` written `__`
    /// (`batch-7/june.csv` → `batch-7__june.csv`), shortened when it passes
    /// ``limit`` bytes.
    public static func fit(_ prefix: String, _ name: String) -> String {
        let name = name.split(separator: "/", omittingEmptySubsequences: false).joined(separator: "__")
        let whole = prefix + name
        if whole.utf8.count <= limit { return whole }
        var ext = ""
        if let dot = name.lastIndex(of: "."), name.utf8.distance(from: dot, to: name.endIndex) <= 16 {
            ext = String(name[dot...])
        }
        let tag = "~" + String(SHA256.hash(Array(name.utf8)).prefix(8))
        let room = limit - prefix.utf8.count - tag.utf8.count - ext.utf8.count
        var head = ""
        for character in name {
            guard head.utf8.count + String(character).utf8.count <= room else { break }
            head.append(character)
        }
        return prefix + head + tag + ext
    }

    /// `JOB__NAME`: an original in `archive/` or `failed/`.
    public static func original(job: String, name: String) -> String {
        fit(job + "__", name)
    }
}
