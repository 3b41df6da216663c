import Foundation
import IntakeKit

/// A throwaway PostgreSQL cluster for the tests: never a server the user set
/// up. One per test process, started on first use of ``shared`` (about a second
/// on an idle machine) and stopped at process exit.
///
/// `initdb` runs into a fresh folder under `/tmp` (user `intake`, trust
/// authentication, UTF-8, locale C), then `postgres` listens on a free
/// 127.0.0.1 port with its socket in that folder and durability off
/// (`fsync=off`, `full_page_writes=off`). As root (initdb refuses root) both
/// run as the system user `postgres`, or `intake-pg` created for the purpose.
///
/// The postmaster is a direct child of the test process started by a thread
/// that never ends, with `setpriv --pdeathsig SIGQUIT`: if the test process
/// dies, even by SIGKILL, the kernel ends the cluster. An `atexit` handler stops
/// it on a normal exit and removes its folder; after a SIGKILL the folder
/// (`/tmp/intake-pg-*`) stays until a later run, an hour on, removes it.
package struct PostgresServer: Sendable {
    package typealias Failure = HarnessFailure

    /// The cluster of this test process, started by the first caller (the
    /// static is initialised once, under a lock, even when tests run in parallel).
    package static let shared: Result<PostgresServer, any Error> = Result { try PostgresServer() }

    /// The running cluster, or the reason it could not start.
    package static func running() throws -> PostgresServer { try shared.get() }

    /// The superuser initdb created (trust authentication, no password).
    package static let superuser = "intake"

    package let port: Int
    /// The temporary folder: `data/`, the socket and `postgres.log`.
    package let base: String
    package let postmaster: pid_t
    /// How long initdb and the start took, in seconds.
    package let startupSeconds: Double

    /// The URL of the `postgres` maintenance database.
    package var adminURL: String { url(database: "postgres") }

    /// The URL of `database` on this cluster.
    package func url(database: String) -> String { "postgresql://\(Self.superuser)@127.0.0.1:\(port)/\(database)" }

    /// Creates an empty database with a random name for one test and returns its URL.
    package func makeDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let admin = try PostgresConnection(url: adminURL)
        defer { admin.close() }
        try admin.execute("CREATE DATABASE \(name)")
        return url(database: name)
    }

    private init() throws {
        let started = Date()
        let tools = try Self.tools()
        let account = try Self.account()
        Self.removeStaleBases()
        let base = try Self.makeBase(owner: account)
        do {
            try Self.command(
                tools.initdb,
                ["-D", base + "/data", "-U", Self.superuser, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"],
                as: account, in: base)
            (port, postmaster) = try Self.startPostmaster(tools.postgres, base: base, as: account)
        } catch {
            try? FileManager.default.removeItem(atPath: base)
            throw error
        }
        self.base = base
        startupSeconds = Date().timeIntervalSince(started)
        atexit { PostgresServer.stopShared() }
    }

    /// Starts `postgres` on a free port, retrying when another process takes the
    /// port between the probe and the bind; waits until it accepts connections.
    private static func startPostmaster(_ postgres: String, base: String, as account: Account?) throws -> (Int, pid_t) {
        var lastLog = ""
        for _ in 0..<3 {
            let port = try SystemTools.freeLoopbackPort()
            let arguments = [
                "-D", base + "/data", "-p", String(port), "-h", "127.0.0.1", "-k", base,
                "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off",
                "-c", "max_connections=200",
            ]
            let pid = try spawnForLife(postgres, arguments, as: account, in: base, log: base + "/postgres.log")
            let url = "postgresql://\(superuser)@127.0.0.1:\(port)/postgres"
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline, !hasExited(pid) {
                if let connection = try? PostgresConnection(url: url) {
                    connection.close()
                    return (port, pid)
                }
                usleep(50_000)
            }
            lastLog = (try? String(contentsOfFile: base + "/postgres.log", encoding: .utf8)) ?? "(no log)"
            end(pid)
            if !lastLog.contains("Address already in use") { break }
        }
        throw Failure(description: "the test PostgreSQL server did not accept connections within 30 s; its log:\n\(lastLog)")
    }

    /// Called by `atexit`: stops the cluster if it was started, and removes its folder.
    private static func stopShared() {
        guard case .success(let server) = shared else { return }
        end(server.postmaster)
        try? FileManager.default.removeItem(atPath: server.base)
    }
}
