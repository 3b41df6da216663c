import Foundation

/// Why a test harness (``SFTPServer``, ``PostgresServer``) could not do what it needed.
package struct HarnessFailure: Error, CustomStringConvertible {
    package let description: String
}

/// The machine-level steps the test harnesses share: running a program,
/// creating a system user, picking a free loopback port.
package enum SystemTools {
    /// Runs a program, in `folder` when given; returns its status and its
    /// output (stdout and stderr together).
    @discardableResult
    package static func run(_ program: String, _ arguments: [String], in folder: String? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
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
    package static func command(_ program: String, _ arguments: [String], in folder: String? = nil, shown: String? = nil) throws {
        let result = try run(program, arguments, in: folder)
        guard result.status == 0 else {
            let line = shown ?? ([program] + arguments).joined(separator: " ")
            throw HarnessFailure(description: "\(line) failed (\(result.status)): \(result.output)")
        }
    }

    /// Creates `name` as a system user with its own group, no home and no
    /// login shell, unless it exists. Another test process may create it at
    /// the same time: useradd's lock is retried and "exists" (9) accepted.
    /// Returns its uid and gid.
    package static func ensureSystemUser(_ name: String) throws -> (uid: uid_t, gid: gid_t) {
        if getpwnam(name) == nil {
            var last = (status: Int32(0), output: "")
            for _ in 0..<10 {
                last = try run("/usr/sbin/useradd", ["--system", "--user-group", "--shell", "/usr/sbin/nologin",
                                                     "--home-dir", "/", "--no-create-home", name])
                if last.status == 0 || last.status == 9 { break }
                usleep(200_000)
            }
            guard last.status == 0 || last.status == 9 else {
                throw HarnessFailure(description: "useradd \(name) failed (\(last.status)): \(last.output)")
            }
        }
        guard let entry = getpwnam(name) else { throw HarnessFailure(description: "user \(name) is missing after useradd") }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }

    /// A loopback TCP port nobody listens on right now (the kernel's pick for port 0).
    package static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessFailure(description: "socket: \(String(cString: strerror(errno)))") }
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
        guard bound else { throw HarnessFailure(description: "bind 127.0.0.1:0: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
