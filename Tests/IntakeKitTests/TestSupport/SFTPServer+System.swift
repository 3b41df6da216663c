import Foundation

/// The machine-level steps of ``SFTPServer``: the customer's user, folders
/// with exact owners and modes, a free port, small commands.
extension SFTPServer {
    /// Creates ``user`` (a system user with its own group, no login shell) if
    /// it is missing, and makes sure its password field is `*` (no password)
    /// rather than useradd's `!`: with `UsePAM no`, sshd refuses a `!` account
    /// as locked even for a public key. Returns its uid and gid.
    static func ensureUser() throws -> (uid_t, gid_t) {
        if getpwnam(user) == nil {
            // Another test run may create it at the same time: retry on useradd's lock, accept "exists" (9).
            var last = (status: Int32(0), output: "")
            for _ in 0..<10 {
                last = try run("/usr/sbin/useradd", ["--system", "--user-group", "--shell", "/usr/sbin/nologin",
                                                     "--home-dir", "/", "--no-create-home", user])
                if last.status == 0 || last.status == 9 { break }
                usleep(200_000)
            }
            guard last.status == 0 || last.status == 9 else {
                throw Failure(description: "useradd \(user) failed (\(last.status)): \(last.output)")
            }
        }
        let shadow = try run("/usr/bin/getent", ["shadow", user])
        if shadow.output.split(separator: ":", omittingEmptySubsequences: false).dropFirst().first?.hasPrefix("!") ?? false {
            try command("/usr/sbin/usermod", ["-p", "*", user])
        }
        guard let entry = getpwnam(user) else { throw Failure(description: "user \(user) is missing after useradd") }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }

    /// Creates `path` if missing and sets its owner and exact mode (not masked by the umask).
    static func makeFolder(_ path: String, mode: mode_t, owner: uid_t = 0, group: gid_t = 0) throws {
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw Failure(description: "mkdir \(path): \(String(cString: strerror(errno)))")
        }
        guard chown(path, owner, group) == 0, chmod(path, mode) == 0 else {
            throw Failure(description: "chown/chmod \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// A loopback TCP port nobody listens on right now.
    static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(fd, generic, length) == 0 && getsockname(fd, generic, &length) == 0
            }
        }
        guard bound else { throw Failure(description: "bind 127.0.0.1:0: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs a program; returns its status and its output (stdout and stderr together).
    @discardableResult
    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// Runs a program that must succeed.
    static func command(_ program: String, _ arguments: [String]) throws {
        let result = try run(program, arguments)
        guard result.status == 0 else {
            throw Failure(description: "\(program) \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.output)")
        }
    }
}
