import IntakeCore
import IntakeEngine

/// The review page (spec section 8): sign-in, the job list and a job's page.
struct ReviewPage {
    let context: ServeContext

    /// The page's answer, or nil when `path` is not one of its paths.
    func answer(_ request: HTTPRequest, path: [String]) throws -> HTTPResponse? {
        nil
    }
}
