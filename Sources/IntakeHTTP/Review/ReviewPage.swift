import Foundation
import IntakeCore
import IntakeEngine
import IntakeSystem
import Synchronization

/// The review page (spec section 8): `GET /` signs in with a token (an
/// HttpOnly, SameSite=Strict cookie, Secure under TLS) and lists the jobs the
/// token sees; `GET /jobs/JOB` is one job. Plain HTML forms and links:
/// readable without JavaScript; a running job's page refreshes itself.
struct ReviewPage {
    let context: ServeContext

    /// Consecutive failed sign-ins in this process: each waits longer (up to 4 s).
    private static let failures = Mutex(0)

    /// The page's answer, or nil when `path` is not one of its paths.
    func answer(_ request: HTTPRequest, path: [String]) throws -> HTTPResponse? {
        switch (request.method, path.first, path.count) {
        case ("GET", "review.css", 1):
            return HTTPResponse(status: 200, contentType: "text/css; charset=utf-8", body: Array(ReviewHTML.stylesheet.utf8))
        case ("POST", "signin", 1):
            return signIn(request)
        case ("POST", "signout", 1):
            return redirect("/", cookie: Access.cookieName + "=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict" + (request.secure ? "; Secure" : ""))
        case ("GET", nil, 0), ("GET", "jobs", 2):
            let configuration = context.current()
            guard let token = request.cookie(Access.cookieName), let access = Access.of(token: token, in: configuration) else {
                return signInForm(status: path.isEmpty ? 200 : 401, message: nil)
            }
            if path.isEmpty { return try JobListPage(context: context, access: access).render(request) }
            return try JobPage(context: context, access: access, configuration: configuration).render(path[1], request)
        default:
            return nil
        }
    }

    private func signIn(_ request: HTTPRequest) -> HTTPResponse {
        let form = Self.form(String(decoding: request.body, as: UTF8.self))
        guard let token = form["token"], Access.of(token: token, in: context.current()) != nil else {
            let count = Self.failures.withLock { count in
                count += 1
                return count
            }
            MonotonicClock.sleep(seconds: min(0.25 * Double(1 << min(count - 1, 4)), 4))
            context.logger.log(.warning, "signin_failed", ["failures": String(count)])
            return signInForm(status: 401, message: "That token is not valid. Ask your operator for one (intake token).")
        }
        Self.failures.withLock { $0 = 0 }
        return redirect("/", cookie: Access.cookieName + "=" + token + "; Path=/; HttpOnly; SameSite=Strict" + (request.secure ? "; Secure" : ""))
    }

    private func signInForm(status: Int, message: String?) -> HTTPResponse {
        let error = message.map { "<p class=\"error\" role=\"alert\">\(ReviewHTML.escape($0))</p>" } ?? ""
        return ReviewHTML.page(status, title: "Sign in", body: """
            <h1>Sign in</h1>\(error)
            <form method="post" action="/signin">
            <label>Token <input type="password" name="token" autocomplete="off" required autofocus></label>
            <p><button type="submit">Sign in</button></p>
            </form>
            """)
    }

    private func redirect(_ location: String, cookie: String) -> HTTPResponse {
        HTTPResponse(status: 303, contentType: "text/plain; charset=utf-8", body: [],
                     headers: [("Location", location), ("Set-Cookie", cookie)])
    }

    /// An `application/x-www-form-urlencoded` body or query as names and values.
    static func form(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            if let name = parts.first { out[name] = parts.count > 1 ? parts[1] : "" }
        }
        return out
    }
}
