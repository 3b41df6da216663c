import IntakeCore
import IntakeSystem

/// The range of every number in `intake.json` (spec section 3: "Every number
/// in `intake.json` has a range"). A value outside its range is refused like
/// a typo, so no value `intake check` accepts can stop a command or the
/// daemon (a timeout of 1e16 seconds once overflowed a conversion to
/// milliseconds). docs/operations.md ("Ranges of the numbers") lists them.
package struct ConfigurationLimits {
    /// The smallest and largest value.
    package let lowest: Double
    package let highest: Double
    /// True for counts and sizes (a whole number), false for seconds (fractions allowed).
    package let whole: Bool

    /// Limits of a key, by its name (the same for a top-level and a workspace key).
    package static let byKey: [String: ConfigurationLimits] = [
        "settle_seconds": .seconds(0, 86_400),
        // 0 would rescan in a busy loop.
        "rescan_seconds": .seconds(0.5, 86_400),
        "shutdown_seconds": .seconds(0, 86_400),
        // SQLite's busy timeout is an Int32 of milliseconds; an hour is already far past useful.
        "busy_timeout_seconds": .seconds(0, 3_600),
        "hook_timeout_seconds": .seconds(0.1, 86_400),
        "workers": .whole(1, 64),
        "webhook_concurrency": .whole(1, 64),
        // A year: a receiver down longer than that is no longer a receiver.
        "webhook_max_age_seconds": .seconds(1, 31_536_000),
        // Per attempt (spec section 3).
        "timeout_seconds": .seconds(1, 300),
        "hook_concurrency": .whole(1, 64),
        // `serve`'s slow clients (spec section 8: 30 s); whole seconds for libmicrohttpd's timeout.
        "idle_timeout_seconds": .whole(1, 300),
        "body_timeout_seconds": .seconds(1, 300),
        // A million: "never give up" for the reliability scripts, still a number that means something.
        "max_attempts": .whole(1, 1_000_000),
        // 1 TiB: far beyond any payments document, far below any overflow.
        "max_file_bytes": .whole(1, 1_099_511_627_776),
        // (gid_t)-1 means "leave the group unchanged" to chown(2): never a group.
        "customer_group": .whole(0, 4_294_967_294),
    ]

    package static func seconds(_ lowest: Double, _ highest: Double) -> ConfigurationLimits {
        ConfigurationLimits(lowest: lowest, highest: highest, whole: false)
    }

    package static func whole(_ lowest: Double, _ highest: Double) -> ConfigurationLimits {
        ConfigurationLimits(lowest: lowest, highest: highest, whole: true)
    }

    /// "from 0.1 to 86400" (no trailing `.0`, no exponent).
    package var range: String { "from \(Self.plain(lowest)) to \(Self.plain(highest))" }

    /// A limit as written in the docs: `30`, `0.5`, `1099511627776`.
    package static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// The value of JSON number `text` when it is within these limits (a
    /// whole number where one is meant; `1e3` is the whole number 1000),
    /// else why not. `-0` reads as 0.
    package func check(_ text: String) -> Result<Double, Refusal> {
        guard let value = Double(text), value.isFinite else { return .failure(.outOfRange) }
        if whole, value != value.rounded() { return .failure(.fraction) }
        guard value >= lowest, value <= highest else { return .failure(.outOfRange) }
        return .success(value + 0)
    }

    /// Why a number was refused.
    package enum Refusal: Error {
        case fraction
        case outOfRange
    }
}
