import Foundation
import IntakeKit
import Testing
import IntakeTestSupport

/// Every number in `intake.json` has a range (spec section 3): a value outside
/// it is refused like a typo, with the key's path and the range, and no value
/// the reader accepts can stop a command.
@Suite struct ConfigurationRangeTests {
    /// Every numeric key, as a path.
    private static let keys = [
        "settle_seconds", "rescan_seconds", "shutdown_seconds", "busy_timeout_seconds", "hook_timeout_seconds",
        "workers", "hook_concurrency", "max_attempts", "max_file_bytes",
        "workspaces.acme.settle_seconds", "workspaces.acme.customer_group",
    ]

    /// A configuration with a hook and workspace `acme`, and `path` set to `value` (JSON text).
    private static func json(_ path: String, _ value: String) -> String {
        let workspace = path.hasPrefix("workspaces.acme.") ? #", "\#(path.dropFirst(16))": \#(value)"# : ""
        let top = workspace.isEmpty ? #""\#(path)": \#(value), "# : ""
        return #"{"on_job_end": ["/bin/true"], \#(top)"workspaces": {"acme": {"permissions": ["payment_checks_write"]\#(workspace)}}}"#
    }

    /// Extreme and odd values: zeros, signs, fractions, huge and tiny numbers, other types.
    private static let values = [
        "0", "-0", "-0.0", "-1", "0.05", "0.1", "0.5", "1", "1.5", "1e3", "1E+1", "64", "65", "100", "101", "1000000", "1000001", "3600.5", "86400",
        "86400.001", "1e16", "1e308", "-1e308", "1e400", "1e-400", "99999999999999999999999", "9223372036854775807",
        "9223372036854775808", "1099511627777", "4294967295", #""30""#, #""NaN""#, #""Infinity""#, "null", "true", "[]", "{}",
    ]

    private func problems(_ json: String) -> [String]? {
        do {
            _ = try Configuration.parse(Data(json.utf8), path: "intake.json")
            return nil
        } catch {
            return error.problems
        }
    }

    @Test func outOfRangeValuesNameTheKeyAndTheRange() {
        let refused: [(String, String)] = [
            (#"{"hook_timeout_seconds": 1e16, "workspaces": {}}"#, "`hook_timeout_seconds`: must be from 0.1 to 86400 seconds, not 1e16"),
            (#"{"hook_timeout_seconds": 0.05, "workspaces": {}}"#, "`hook_timeout_seconds`: must be from 0.1 to 86400 seconds, not 0.05"),
            (#"{"workers": 0, "workspaces": {}}"#, "`workers`: must be from 1 to 64, not 0"),
            (#"{"workers": 65, "workspaces": {}}"#, "`workers`: must be from 1 to 64, not 65"),
            (#"{"settle_seconds": -1, "workspaces": {}}"#, "`settle_seconds`: must be from 0 to 86400 seconds, not -1"),
            (#"{"hook_concurrency": 0, "workspaces": {}}"#, "`hook_concurrency`: must be from 1 to 64, not 0"),
            (#"{"max_file_bytes": 1.5, "workspaces": {}}"#, "`max_file_bytes`: expected a whole number from 1 to 1099511627776, not 1.5"),
            (#"{"max_attempts": 99999999999999999999999, "workspaces": {}}"#, "`max_attempts`: must be from 1 to 1000000, not 99999999999999999999999"),
            (#"{"workspaces": {"acme": {"settle_seconds": 1e308}}}"#, "`workspaces.acme.settle_seconds`: must be from 0 to 86400 seconds, not 1e308"),
            (#"{"workspaces": {"acme": {"customer_group": 4294967295}}}"#, "`workspaces.acme.customer_group`: must be from 0 to 4294967294, not 4294967295"),
        ]
        for (json, message) in refused {
            #expect(problems(json)?.first?.hasPrefix(message) == true, "\(json): \(problems(json) ?? [])")
        }
    }

    @Test func wholeNumbersMayBeWrittenWithAnExponent() throws {
        let c = try Configuration.parse(Data(#"{"max_file_bytes": 1e3, "workers": 2.0, "hook_concurrency": 1E+1, "workspaces": {}}"#.utf8), path: "x")
        #expect(c.maxFileBytes == 1000)
        #expect(c.workers == 2)
        #expect(c.hookConcurrency == 10)
        #expect(Configuration().hookConcurrency == 4)
        #expect(try Configuration.parse(Data(#"{"settle_seconds": -0, "workspaces": {}}"#.utf8), path: "x").settleSeconds.sign == .plus)
    }

    /// Feeds every numeric key every odd value; each refused one names its
    /// key; each accepted one reads back the same once written. Then `intake
    /// run` (a drop and a hook) ends normally on configurations that set
    /// every key at once to one of its accepted values, until each value has
    /// been used (so the extremes also meet each other).
    @Test func noAcceptedValueStopsARun() throws {
        var accepted: [String: [String]] = [:]
        for path in Self.keys {
            var seen: [Configuration] = []
            for value in Self.values {
                let text = Self.json(path, value)
                if let found = problems(text) {
                    #expect(found.count == 1 && found[0].hasPrefix("`\(path)`: "), "\(path) = \(value): \(found)")
                    #expect([" from ", "found ", "no group"].contains { found[0].contains($0) }, "\(found)")
                    continue
                }
                let configuration = try Configuration.parse(Data(text.utf8), path: "x")
                #expect(try Configuration.parse(Data(configuration.json().utf8), path: "x") == configuration, "\(text)")
                if !seen.contains(configuration) {
                    seen.append(configuration)
                    accepted[path, default: []].append(value)
                }
            }
            #expect(accepted[path]?.isEmpty == false, "\(path) accepts nothing")
        }
        let rounds = accepted.values.map(\.count).max() ?? 0
        #expect(rounds >= 8)
        for round in 0..<rounds {
            var top: [String] = []
            var workspace: [String] = []
            for path in Self.keys {
                guard let values = accepted[path], !values.isEmpty else { continue }
                let value = values[round % values.count]
                if path.hasPrefix("workspaces.acme.") {
                    workspace.append(#", "\#(path.dropFirst(16))": \#(value)"#)
                } else {
                    top.append(#""\#(path)": \#(value), "#)
                }
            }
            let text = #"{"on_job_end": ["/bin/true"], \#(top.joined())"workspaces": {"acme": {"permissions": ["payment_checks_write"]\#(workspace.joined())}}}"#
            let root = try TemporaryRoot()
            try text.write(toFile: root.root.configuration, atomically: true, encoding: .utf8)
            let check = try IntakeBinary.run(["check", root.path])
            #expect(check.status == 0, "\(text): \(check.stderr)")
            try root.drop("acme/payments/june.csv", PaymentsCSV.mixed)
            // A ready marker: `run` takes the drop at once whatever settle_seconds says (a day is valid).
            try root.drop("acme/payments/june.csv.done", "")
            let run = try IntakeBinary.run(["run", root.path])
            #expect(run.status == 0, "\(text): \(run.stderr.suffix(500))")
            #expect(try root.jobs().count == 1, "\(text)")
        }
    }
}
