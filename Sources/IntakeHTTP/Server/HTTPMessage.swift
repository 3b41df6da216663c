import IntakeCore
import IntakeSystem

/// One request as the router sees it: no libmicrohttpd type in it.
package struct HTTPRequest: Sendable {
    /// `GET`, `POST`, …
    package var method: String
    /// The path without the query (`/api/v1/imports/…`), as sent.
    package var path: String
    /// The query's arguments, decoded (the last of a repeated name wins).
    package var query: [String: String] = [:]
    /// Header values by lowercase name.
    package var headers: [String: String] = [:]
    /// The body (empty for GET, and when it was kept in ``bodyFile``).
    package var body: [UInt8] = []
    /// The file holding a large body (in `uploads/.incoming/`, removed after the answer unless moved).
    package var bodyFile: String?
    /// Whether the connection is HTTPS (the session cookie is then `Secure`).
    package var secure = false

    package init(method: String, path: String) {
        self.method = method
        self.path = path
    }

    /// The body's bytes, read from ``bodyFile`` if it was kept there; nil when over `limit` bytes.
    package func bodyBytes(limit: Int) -> [UInt8]? {
        guard let bodyFile else { return body.count <= limit ? body : nil }
        guard let size = try? FileStatus.of(bodyFile).size, size <= Int64(limit) else { return nil }
        return try? FileSystem.readFile(bodyFile, limit: limit)
    }

    /// The path's segments (`/api/v1/imports/X` -> `["api", "v1", "imports", "X"]`).
    package var segments: [Substring] { path.split(separator: "/", omittingEmptySubsequences: true) }

    /// The value of cookie `name`, if sent.
    package func cookie(_ name: String) -> String? {
        guard let header = headers["cookie"] else { return nil }
        for pair in header.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingSpaces == name { return String(parts[1].trimmingSpaces) }
        }
        return nil
    }
}

/// What the router answers.
package struct HTTPResponse: Sendable {
    /// Where the body comes from.
    package enum Body: Sendable {
        case bytes([UInt8])
        /// A file streamed from disk (an outbox file), its size known.
        case file(path: String, size: Int64)
    }

    package var status: Int
    package var headers: [(String, String)]
    package var body: Body
    /// The workspace the request was about, for the access log.
    package var workspace: String?
    /// The job a posted import made (for the Papaya answer built from it).
    package var job: JobRecord?

    package init(status: Int, contentType: String, body: [UInt8], headers: [(String, String)] = []) {
        self.status = status
        self.headers = [("Content-Type", contentType)] + headers
        self.body = .bytes(body)
    }

    /// A JSON answer.
    package static func json(_ status: Int, _ value: JSONValue) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "application/vnd.api+json", body: Array((JSONWriter.text(value) + "\n").utf8))
    }

    /// A JSON:API error: `{"errors": [{"status", "code", "title", "detail"}]}`.
    package static func error(_ status: Int, _ code: String, _ title: String, _ detail: String) -> HTTPResponse {
        json(status, .object([("errors", .array([.object([
            ("status", .string(String(status))), ("code", .string(code)), ("title", .string(title)), ("detail", .string(detail)),
        ])]))]))
    }

    /// Plain text.
    package static func text(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "text/plain; charset=utf-8", body: Array(text.utf8))
    }

    /// The 404 of an unknown job, or another workspace's (never 403: its existence is not revealed).
    package static func notFound(_ what: String) -> HTTPResponse {
        error(404, "not_found", "Not found", "\(what) was not found")
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return s
    }
}
