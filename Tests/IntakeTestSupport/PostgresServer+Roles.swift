import Foundation
import IntakeKit
import Synchronization

/// Roles for the set-up mistakes an operator makes: one without privileges on
/// a database, one that must give a password (the cluster trusts every other
/// role; a `pg_hba.conf` line asks this one for its password).
extension PostgresServer {
    /// The role that logs in with ``passwordRole``'s password, made once per test process.
    package static let passwordRole: Result<(name: String, password: String), any Error> = Result {
        let server = try running()
        let name = "r_pw_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(8).lowercased()
        let password = "pw-" + UUID().uuidString.prefix(12).lowercased()
        let admin = try PostgresConnection(url: server.adminURL)
        defer { admin.close() }
        try admin.execute("CREATE ROLE \(name) LOGIN CREATEDB PASSWORD '\(password)'")
        let hba = server.base + "/data/pg_hba.conf"
        let rules = try String(contentsOfFile: hba, encoding: .utf8)
        try ("host all \(name) 127.0.0.1/32 scram-sha-256\n" + rules).write(toFile: hba, atomically: false, encoding: .utf8)
        _ = try admin.query("SELECT pg_reload_conf()")
        // The reload is taken by new sessions once the postmaster has read it.
        let asked = eventually(within: 20) {
            (try? PostgresConnection(url: "postgresql://\(name):wrong@127.0.0.1:\(server.port)/postgres")) == nil
        }
        guard asked else { throw Failure(description: "pg_hba.conf reload did not ask \(name) for a password") }
        return (name, password)
    }

    /// A new login role without any privilege but PUBLIC's; returns its name.
    package func makePlainRole() throws -> String {
        let name = "r_plain_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(8).lowercased()
        let admin = try PostgresConnection(url: adminURL)
        defer { admin.close() }
        try admin.execute("CREATE ROLE \(name) LOGIN")
        return name
    }

    /// The URL of `database` for `role` (and `password`, when given).
    package func url(database: String, role: String, password: String? = nil) -> String {
        "postgresql://\(role)\(password.map { ":" + $0 } ?? "")@127.0.0.1:\(port)/\(database)"
    }

    /// The database name in one of this cluster's URLs.
    package static func databaseName(_ url: String) -> String { String(url.split(separator: "/").last ?? "") }
}
