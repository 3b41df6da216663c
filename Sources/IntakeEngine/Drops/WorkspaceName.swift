import IntakeCore
import IntakeSystem

/// The rule for workspace ids: `[a-z0-9]([a-z0-9-]|_(?!_)){0,61}[a-z0-9]`
/// (2 to 63 characters, no `__`, no leading or trailing `_` or `-`).
public enum WorkspaceName {
    /// True when `id` can name a workspace.
    public static func isValid(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard bytes.count >= 2, bytes.count <= 63 else { return false }
        func alnum(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 48 && b <= 57) }
        guard let first = bytes.first, let last = bytes.last, alnum(first), alnum(last) else { return false }
        for i in 1..<(bytes.count - 1) {
            let b = bytes[i]
            if alnum(b) || b == UInt8(ascii: "-") { continue }
            if b == UInt8(ascii: "_"), bytes[i + 1] != UInt8(ascii: "_") { continue }
            return false
        }
        return true
    }
}
