import Foundation

/// What an attempt's outcome means for a delivery (spec section 3, "Webhooks"):
/// a 2xx delivers it; 408, 429, 5xx, a timeout or a connection failure (TLS
/// included) is tried again; any other answer (other 4xx, every 3xx: redirects
/// are not followed) makes it `dead` at once.
package enum AttemptOutcome: Equatable, Sendable {
    case delivered(status: Int)
    case retry(status: Int?, retryAfterSeconds: Double?, error: String)
    case dead(status: Int, error: String)

    /// The outcome of an answer with HTTP `status` (and its `Retry-After`, in seconds).
    package static func answer(status: Int, retryAfterSeconds: Double?) -> AttemptOutcome {
        switch status {
        case 200...299: return .delivered(status: status)
        case 408, 429, 500...599:
            return .retry(status: status, retryAfterSeconds: retryAfterSeconds, error: "the receiver answered \(status)")
        case 300...399: return .dead(status: status, error: "the receiver answered \(status), a redirect, which is not followed; configure the final URL")
        default: return .dead(status: status, error: "the receiver answered \(status), which is final; fix the receiver and run intake webhooks --redeliver")
        }
    }
}

/// Exponential backoff: the wait after attempt `n` (1-based) has the step
/// 1 s · 2^(n-1), capped at one hour, and is randomised within ±50 % of its
/// step, never below a `Retry-After`.
package struct RetrySchedule: Sendable {
    /// The first step, in seconds (1; tests may make it smaller).
    package var baseSeconds: Double = 1
    /// The longest step, in seconds.
    package var capSeconds: Double = 3_600

    package init(baseSeconds: Double = 1, capSeconds: Double = 3_600) {
        self.baseSeconds = baseSeconds
        self.capSeconds = capSeconds
    }

    /// The step after attempt `attempt` (1-based), before randomising.
    package func step(after attempt: Int) -> Double {
        let doublings = min(max(attempt - 1, 0), 40)
        return min(baseSeconds * Double(1 << doublings), capSeconds)
    }

    /// The wait after attempt `attempt`: the step times `factor` (drawn in
    /// 0.5...1.5), and at least `retryAfter`.
    package func wait(after attempt: Int, retryAfter: Double?, factor: Double) -> Double {
        max(step(after: attempt) * min(max(factor, 0.5), 1.5), retryAfter ?? 0)
    }

    /// ``wait(after:retryAfter:factor:)`` with a random factor.
    package func randomWait(after attempt: Int, retryAfter: Double?) -> Double {
        wait(after: attempt, retryAfter: retryAfter, factor: Double.random(in: 0.5...1.5))
    }
}

/// `Retry-After` (RFC 9110): a number of seconds, or an HTTP date; nil when it is neither.
package enum RetryAfter {
    package static func seconds(_ value: String, now: Double) -> Double? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(text), seconds >= 0 { return Double(min(seconds, 86_400 * 7)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return max(0, date.timeIntervalSince1970 - now)
    }
}
