import Foundation

/// The machine-level steps of ``SFTPServer``: the customer's user, folders
/// with exact owners and modes.
extension SFTPServer {
    /// Creates ``user`` (a system user with its own group, no login shell) if
    /// it is missing, and makes sure its password field is `*` (no password)
    /// rather than useradd's `!`: with `UsePAM no`, sshd refuses a `!` account
    /// as locked even for a public key. Returns its uid and gid.
    package static func ensureUser() throws -> (uid_t, gid_t) {
        let (uid, gid) = try SystemTools.ensureSystemUser(user)
        let shadow = try SystemTools.run("/usr/bin/getent", ["shadow", user])
        if shadow.output.split(separator: ":", omittingEmptySubsequences: false).dropFirst().first?.hasPrefix("!") ?? false {
            try SystemTools.command("/usr/sbin/usermod", ["-p", "*", user])
        }
        return (uid, gid)
    }

    /// Creates `path` if missing and sets its owner and exact mode (not masked by the umask).
    package static func makeFolder(_ path: String, mode: mode_t, owner: uid_t = 0, group: gid_t = 0) throws {
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw Failure(description: "mkdir \(path): \(String(cString: strerror(errno)))")
        }
        guard chown(path, owner, group) == 0, chmod(path, mode) == 0 else {
            throw Failure(description: "chown/chmod \(path): \(String(cString: strerror(errno)))")
        }
    }
}
