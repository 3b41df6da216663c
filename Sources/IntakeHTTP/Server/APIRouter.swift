import IntakeCore
import IntakeEngine
import IntakeSystem

/// Answers `intake serve`'s requests (spec section 8): `/healthz`, then the
/// token check, then the Trustpair and Papaya endpoints, `/metrics` and the
/// review page. A storage failure is a 503 that says what failed, never a crash.
package struct APIRouter: Sendable {
    package let context: ServeContext

    package init(context: ServeContext) { self.context = context }

    /// The answer to `request`.
    package func handle(_ request: HTTPRequest) -> HTTPResponse {
        var response: HTTPResponse
        do {
            response = try route(request)
        } catch {
            context.logger.log(.error, "http_failed", ["method": request.method, "path": request.path, "message": "\(error)"])
            response = .error(503, "storage_unavailable", "Storage unavailable",
                              "the catalogue or store in \(context.storageName) did not answer (\(error)); try again shortly")
        }
        response.headers.append(("X-Content-Type-Options", "nosniff"))
        response.headers.append(("Cache-Control", "no-store"))
        return response
    }

    private func route(_ request: HTTPRequest) throws -> HTTPResponse {
        let path = request.segments.map(String.init)
        if path == ["healthz"] {
            guard request.method == "GET" else { return methodNotAllowed("GET") }
            return try health()
        }
        if let page = try ReviewPage(context: context).answer(request, path: path) { return page }
        let configuration = context.current()
        guard let token = Access.token(of: request), let access = Access.of(token: token, in: configuration) else {
            var refused = HTTPResponse.error(401, "unauthorized", "Unauthorized",
                                             "send Authorization: Bearer TOKEN with a token made by `intake token`")
            refused.headers.append(("WWW-Authenticate", "Bearer realm=\"intake\""))
            return refused
        }
        let imports = ImportsAPI(context: context, access: access, configuration: configuration)
        let posting = ImportPosting(context: context, access: access, configuration: configuration)
        switch (request.method, path.count, path.first) {
        case ("GET", 1, "metrics"):
            return metrics(access)
        case (_, 3, "api") where path[1] == "v1" && path[2] == "imports":
            switch request.method {
            case "GET": return try imports.list(request)
            case "POST": return try posting.trustpair(request)
            default: return methodNotAllowed("GET, POST")
            }
        case (_, 3, "api") where path[1] == "v1" && path[2] == "documents":
            return request.method == "POST" ? try posting.document(request) : methodNotAllowed("POST")
        case ("GET", 4, "api") where path[1] == "v1" && path[2] == "imports":
            return try imports.job(path[3])
        case ("GET", 5, "api") where path[1] == "v1" && path[2] == "imports" && path[4] == "entries":
            return try imports.entries(path[3], request)
        case ("GET", 6, "api") where path[1] == "v1" && path[2] == "imports" && path[4] == "files":
            return try imports.file(path[3], name: path[5])
        case (_, 3, "payments") where path[1] == "beneficiaries" && path[2] == "import":
            return request.method == "POST" ? try posting.papaya(request) : methodNotAllowed("POST")
        case ("GET", 4, "payments") where path[1] == "beneficiaries" && path[2] == "import":
            return try imports.papayaStatus(path[3])
        default:
            return .error(404, "not_found", "Not found", "no endpoint \(request.method) \(request.path); see docs/serve.md")
        }
    }

    private func health() throws -> HTTPResponse {
        do {
            _ = try context.withCatalogue { try $0.statusCounts() }
            return .text(200, "ok\n")
        } catch {
            return .text(503, "the catalogue in \(context.storageName) does not answer: \(error)\n")
        }
    }

    private func metrics(_ access: Access) -> HTTPResponse {
        guard access.admin else {
            return .error(403, "admin_token_required", "Forbidden", "/metrics needs an admin token (intake token ROOT --admin)")
        }
        guard let bytes = try? FileSystem.readFile(context.root.metrics, limit: 64 << 20) else {
            return .error(404, "no_metrics", "Not found", "\(context.root.metrics) does not exist yet; intake watch writes it")
        }
        return HTTPResponse(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: bytes)
    }

    private func methodNotAllowed(_ allowed: String) -> HTTPResponse {
        var response = HTTPResponse.error(405, "method_not_allowed", "Method not allowed", "this endpoint answers \(allowed)")
        response.headers.append(("Allow", allowed))
        return response
    }
}
