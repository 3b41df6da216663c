import Foundation
import IntakeKit
import IntakeTestSupport

/// A temporary root served by the built `intake serve` on a loopback port
/// the test chose free, with an admin token and one token per workspace
/// made by `intake token`. Stopped (SIGTERM) when the value goes away.
final class ServedRoot {
    let temporary: TemporaryRoot
    let port: UInt16
    let admin: String
    private(set) var tokens: [String: String] = [:]
    private var server: LoggedIntake?

    var root: Root { temporary.root }
    var base: String { "http://127.0.0.1:\(port)" }

    init(_ temporary: TemporaryRoot) throws {
        self.temporary = temporary
        let made = try IntakeBinary.run(["token", temporary.path, "--admin"])
        guard made.status == 0 else { throw ServedRootError("intake token --admin: \(made.stderr)") }
        admin = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        port = try freePort()
        for workspace in try Configuration.load(path: temporary.root.configuration).workspaces.keys.sorted() {
            let token = try IntakeBinary.run(["token", temporary.path, "--workspace", workspace])
            tokens[workspace] = token.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        server = try LoggedIntake.start(["serve", temporary.path, "--listen", "127.0.0.1:\(port)"], log: temporary.path + "/serve.log")
        let up = eventually { (try? Curl.request(base + "/healthz"))?.status == 200 }
        guard up else { throw ServedRootError("intake serve did not answer /healthz: \(server?.logText() ?? "")") }
    }

    deinit { stop() }

    /// Stops the server; its exit status.
    @discardableResult
    func stop() -> Int32 {
        defer { server = nil }
        return server?.stop() ?? 0
    }

    /// What the server logged so far.
    var log: String { server?.logText() ?? "" }

    /// `intake run ROOT`: processes what is in the inbox now.
    func runPass() throws {
        let run = try IntakeBinary.run(["run", temporary.path])
        guard run.status == 0 else { throw ServedRootError("intake run: \(run.status) \(run.stderr)") }
    }

    /// A request with `token` (the admin's unless given; "" for none).
    func call(_ method: String = "GET", _ path: String, token: String? = nil, body: [UInt8]? = nil,
              headers: [String: String] = [:]) throws -> Curl.Response {
        var all = headers
        let bearer = token ?? admin
        if !bearer.isEmpty { all["Authorization"] = "Bearer " + bearer }
        return try Curl.request(base + path, method: method, headers: all, body: body)
    }

    /// The JSON body of a call that must answer `status`.
    func json(_ method: String = "GET", _ path: String, token: String? = nil, body: String? = nil) throws -> Curl.Response {
        try call(method, path, token: token, body: body.map { Array($0.utf8) })
    }
}

struct ServedRootError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A TCP port on 127.0.0.1 that nothing listens on now: bound to port 0, read back, released.
func freePort() throws -> UInt16 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw ServedRootError("socket failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
            guard bind(fd, pointer, length) == 0 else { return -1 }
            return getsockname(fd, pointer, &length)
        }
    }
    guard bound == 0 else { throw ServedRootError("bind to a free port failed") }
    return UInt16(bigEndian: address.sin_port)
}
