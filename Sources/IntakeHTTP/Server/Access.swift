import IntakeCore
import IntakeEngine

/// What a bearer token sees: every workspace (`admin_tokens`) or the
/// workspaces whose `api_tokens` hold its hash.
package struct Access: Equatable, Sendable {
    package let admin: Bool
    package let workspaces: Set<String>

    /// Whether the token sees `workspace`'s jobs.
    package func sees(_ workspace: String) -> Bool { admin || workspaces.contains(workspace) }

    /// The access `token` gives under `configuration`, nil for an unknown
    /// token. Every stored hash is compared, each in constant time, so the
    /// answer's timing says nothing about which hash (or how much of one) matched.
    package static func of(token: String, in configuration: Configuration) -> Access? {
        let presented = Array(("sha256:" + SHA256.hash(Array(token.utf8))).utf8)
        var admin = false
        for stored in configuration.adminTokens where constantTimeEqual(presented, Array(stored.utf8)) { admin = true }
        var workspaces = Set<String>()
        for (id, workspace) in configuration.workspaces {
            for stored in workspace.apiTokens where constantTimeEqual(presented, Array(stored.utf8)) { workspaces.insert(id) }
        }
        guard admin || !workspaces.isEmpty else { return nil }
        return Access(admin: admin, workspaces: workspaces)
    }

    /// Byte equality that reads every byte whatever differs (both are hashes of the same length).
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }

    /// The bearer token of `request`: `Authorization: Bearer T`, else the page's session cookie.
    package static func token(of request: HTTPRequest) -> String? {
        if let header = request.headers["authorization"] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1].trimmingSpaces) }
            return nil
        }
        return request.cookie(Access.cookieName)
    }

    /// The review page's session cookie.
    package static let cookieName = "intake_session"
}
