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
    var base: String { (tls ? "https" : "http") + "://127.0.0.1:\(port)" }
    /// Whether `serve.tls_cert` and `tls_key` are set (curl then trusts any certificate).
    let tls: Bool

    init(_ temporary: TemporaryRoot) throws {
        self.temporary = temporary
        tls = try Configuration.load(path: temporary.root.configuration).serve.tlsCert != nil
        let made = try IntakeBinary.run(["token", temporary.path, "--admin"])
        guard made.status == 0 else { throw ServedRootError("intake token --admin: \(made.stderr)") }
        admin = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        port = UInt16(try SystemTools.freeLoopbackPort())
        for workspace in try Configuration.load(path: temporary.root.configuration).workspaces.keys.sorted() {
            let token = try IntakeBinary.run(["token", temporary.path, "--workspace", workspace])
            tokens[workspace] = token.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        server = try LoggedIntake.start(["serve", temporary.path, "--listen", "127.0.0.1:\(port)"], log: temporary.path + "/serve.log")
        let insecure = tls ? ["-k"] : []
        let up = eventually { (try? Curl.request(base + "/healthz", extra: insecure))?.status == 200 }
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
        return try Curl.request(base + path, method: method, headers: all, body: body, extra: tls ? ["-k"] : [])
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
